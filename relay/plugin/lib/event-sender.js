'use strict'

// Ships spooled events to POST /events in batches of at most EVENTS_PER_BATCH, oldest segment
// first. A segment is deleted only after every batch of it was answered 2xx; otherwise the same
// batch is retried with exponential backoff. Event ids are stable, so a batch that reached the
// control plane but whose answer was lost is counted as duplicates, not twice.

const { Backoff, sleeper } = require('./backoff')
const { EVENTS_PER_BATCH } = require('./contract')
const { relayRequest } = require('./http')

// Answers that mean "this batch will never be accepted": retrying would block the spool forever.
const BATCH_REFUSED = new Set([400, 413, 422])
const IDLE_CHECK_MS = 1000

class EventSender {
  constructor({ settings, spool, log }) {
    this.settings = settings
    this.spool = spool
    this.log = log
    this.backoff = new Backoff(settings.eventsMaxBackoffMs)
    this.pause = sleeper()
    this.stopped = false
    this.failing = false
    this.idle = true
    spool.onAppended(() => {
      if (this.idle) this.pause.wake()
    })
  }

  start() {
    this.loop().catch((err) => this.log.error(`event sender stopped: ${err.stack || err}`))
  }

  stop() {
    this.stopped = true
    this.pause.wake()
  }

  // 'sent' | 'refused' | 'failed'. lines: the events' JSON texts, sent as they are in the spool.
  async sendBatch(lines) {
    const response = await relayRequest(this.settings, { method: 'POST', path: '/events', json: `{"events":[${lines.join(',')}]}` })
    if (response.ok) {
      for (const bad of response.json?.invalid ?? []) {
        this.log.error(`control plane refused event ${bad.id ?? `#${bad.index}`}: ${JSON.stringify(bad.errors)}`)
      }
      return 'sent'
    }
    if (BATCH_REFUSED.has(response.status)) {
      this.log.error(`control plane refused a batch (${response.status}): ${JSON.stringify(response.json)}`)
      return 'refused'
    }
    throw new Error(`events answered ${response.status}`)
  }

  async shipSegment(segment) {
    for (let i = 0; i < segment.lines.length; i += EVENTS_PER_BATCH) {
      const outcome = await this.sendBatch(segment.lines.slice(i, i + EVENTS_PER_BATCH))
      if (outcome === 'refused') {
        this.spool.quarantine(segment.file)
        return
      }
    }
    this.spool.remove(segment.file)
  }

  async loop() {
    while (!this.stopped) {
      const segment = this.spool.nextSegment(this.settings.eventsShipIntervalMs)
      if (!segment) {
        // Nothing written yet: sleep until an append wakes us; else until the segment is due.
        const due = this.spool.msUntilShippable(this.settings.eventsShipIntervalMs)
        this.idle = due === null
        await this.pause.sleep(due ?? IDLE_CHECK_MS)
        this.idle = false
        continue
      }
      try {
        await this.shipSegment(segment)
        if (this.failing) this.log.notice('events reach the control plane again')
        this.failing = false
        this.backoff.reset()
      } catch (err) {
        if (!this.failing) this.log.warn(`sending events failed (${err.message}); ${this.spool.depth} kept in the spool, retrying`)
        this.failing = true
        await this.pause.sleep(this.backoff.next())
      }
    }
  }
}

module.exports = { EventSender }
