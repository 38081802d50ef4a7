// @ts-check
'use strict'

// Ships spooled events to POST /events, oldest segment first, in batches of at most
// EVENTS_PER_BATCH events and settings.eventsBatchMaxBytes of body. A segment is deleted only after
// every batch of it was answered; on a network error or 5xx the segment is retried with
// exponential backoff. Event ids are stable, so a batch that reached the control plane but whose
// answer was lost is counted as duplicates, not twice. A 413 halves the batch (and later batches
// stay under the size that was refused) down to a single event; one event too large alone, or a
// batch refused as a whole (400/422), is set aside in the spool's rejected/ directory and counted
// for the heartbeat's warning: the other events of the segment are still delivered.
// While shipping fails, the log says so at the first failure and then every minute (the last error,
// how long, how many events wait), so a stall is visible; when the policy poller or the heartbeat
// finds the control plane answering again, retryNow() ends the backoff wait at once.

const { Backoff, sleeper } = require('./backoff')
const { EVENTS_PER_BATCH } = require('./contract')
const { relayRequest } = require('./http')
const { messageOf } = require('./errors')

/**
 * @typedef {import('../contract-types').EventBatchResult} EventBatchResult
 * @typedef {import('./settings').Settings} Settings
 * @typedef {import('./event-spool').EventSpool} EventSpool
 * @typedef {import('./event-spool').ShippableSegment} ShippableSegment
 * @typedef {import('./runtime').Log} Log
 * @typedef {'sent' | 'too_large' | { refused: number }} BatchOutcome
 */

// Answers that mean "this batch will never be accepted": retrying would block the spool forever.
const BATCH_REFUSED = new Set([400, 422])
const TOO_LARGE = 413
const IDLE_CHECK_MS = 1000
const FAILING_REPORT_MS = 60 * 1000
// `{"events":[` + `]}`
const ENVELOPE_BYTES = 13

// How many of lines (from the first) fit one batch: at most EVENTS_PER_BATCH and maxBytes of JSON
// body, and always at least one.
/**
 * @param {string[]} lines
 * @param {number} maxBytes
 */
function batchLength(lines, maxBytes) {
  let bytes = ENVELOPE_BYTES
  let n = 0
  while (n < lines.length && n < EVENTS_PER_BATCH) {
    bytes += Buffer.byteLength(lines[n]) + 1
    if (n > 0 && bytes > maxBytes) break
    n++
  }
  return n
}

class EventSender {
  /** @param {{ settings: Settings, spool: EventSpool, log: Log, reportEveryMs?: number }} options */
  constructor({ settings, spool, log, reportEveryMs = FAILING_REPORT_MS }) {
    this.settings = settings
    this.spool = spool
    this.log = log
    this.backoff = new Backoff(settings.eventsMaxBackoffMs)
    this.pause = sleeper()
    this.stopped = false
    this.failing = false
    this.failingSince = 0
    this.lastReport = 0
    this.reportEveryMs = reportEveryMs
    this.idle = true
    // Lowered below the setting when the control plane (or a proxy before it) answers 413.
    this.maxBatchBytes = settings.eventsBatchMaxBytes ?? 1024 * 1024
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

  // The control plane answers again (seen by the policy poller or the heartbeat): retry now rather
  // than at the end of a backoff of up to events_max_backoff_s.
  retryNow() {
    if (!this.failing || this.stopped) return
    this.backoff.reset()
    this.pause.wake()
  }

  /** @param {unknown} err */
  reportFailure(err) {
    const now = Date.now()
    const kept = `${this.spool.depth} kept in the spool, retrying`
    if (!this.failing) {
      this.failing = true
      this.failingSince = now
      this.lastReport = now
      this.log.warn(`sending events failed (${messageOf(err)}); ${kept}`)
    } else if (now - this.lastReport >= this.reportEveryMs) {
      this.lastReport = now
      const s = Math.round((now - this.failingSince) / 1000)
      this.log.warn(`sending events still failing after ${s} s (last error: ${messageOf(err)}); ${kept}`)
    }
  }

  // 'sent' | 'too_large' | { refused: status }. lines: the events' JSON texts, sent as they are in the spool.
  /**
   * @param {string[]} lines
   * @returns {Promise<BatchOutcome>}
   */
  async sendBatch(lines) {
    const json = `{"events":[${lines.join(',')}]}`
    const response = await relayRequest(this.settings, { method: 'POST', path: '/events', json })
    if (response.ok) {
      const result = /** @type {Partial<EventBatchResult> | null} */ (response.json)
      for (const bad of result?.invalid ?? []) {
        this.log.error(`control plane refused event ${bad.id ?? `#${bad.index}`}: ${JSON.stringify(bad.errors)}`)
      }
      return 'sent'
    }
    if (response.status === TOO_LARGE) {
      this.maxBatchBytes = Math.max(1024, Math.min(this.maxBatchBytes, Math.floor(Buffer.byteLength(json) / 2)))
      return 'too_large'
    }
    if (BATCH_REFUSED.has(response.status)) {
      this.log.error(`control plane refused a batch (${response.status}): ${JSON.stringify(response.json)}`)
      return { refused: response.status }
    }
    throw new Error(`events answered ${response.status}`)
  }

  // Sends lines, halving on 413; what can never be sent is set aside.
  /** @param {string[]} lines */
  async deliver(lines) {
    const outcome = await this.sendBatch(lines)
    if (outcome === 'sent') return
    if (outcome === 'too_large' && lines.length > 1) {
      const half = Math.ceil(lines.length / 2)
      await this.deliver(lines.slice(0, half))
      await this.deliver(lines.slice(half))
      return
    }
    const why =
      outcome === 'too_large'
        ? 'one event alone is too large for the control plane (413)'
        : `the control plane refused the batch (${outcome.refused})`
    this.spool.setAsideLines(lines, why)
  }

  /** @param {ShippableSegment} segment */
  async shipSegment(segment) {
    let rest = segment.lines
    while (rest.length > 0) {
      // Re-cut after each batch: a 413 may have lowered the size limit.
      const n = batchLength(rest, this.maxBatchBytes)
      await this.deliver(rest.slice(0, n))
      rest = rest.slice(n)
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
        if (this.failing)
          this.log.notice(
            `events reach the control plane again after ${Math.round((Date.now() - this.failingSince) / 1000)} s`,
          )
        this.failing = false
        this.backoff.reset()
      } catch (err) {
        this.reportFailure(err)
        await this.pause.sleep(this.backoff.next())
      }
    }
  }
}

module.exports = { EventSender, batchLength }
