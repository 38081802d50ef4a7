// @ts-check
'use strict'

// The relay's side of quarantine: holds messages (quarantine-store.js), reports each to the
// control plane (POST /quarantine) until acknowledged, carries out the release and delete
// commands that ride on the policy snapshot, and reports how each one settled
// (POST /quarantine/{id}/settled: released with the new queue id, then delivered; or deleted).
//
// Nothing is lost while the control plane is down: reports and settled notices wait in the
// store's metadata (on disk) and are retried with backoff, also after a restart. Commands are
// idempotent: a command for a message already released or deleted is answered again with what
// happened (never acted on twice); a command for an id this relay never held is not its own
// (the snapshot carries every relay's commands and the relay does not know its own id) and is
// left alone.

const { Backoff, sleeper } = require('./backoff')
const { relayRequest } = require('./http')
const { messageOf } = require('./errors')

/**
 * @typedef {import('./settings').Settings} Settings
 * @typedef {import('./runtime').Log} Log
 * @typedef {import('./quarantine-store').QuarantineStore} QuarantineStore
 * @typedef {import('./quarantine-store').QuarantineEntry} QuarantineEntry
 * @typedef {import('./quarantine-store').PendingSettle} PendingSettle
 * @typedef {import('../contract-types').QuarantineCommand} QuarantineCommand
 * @typedef {import('../contract-types').QuarantineReport} QuarantineReport
 */

/**
 * How a released message reaches Haraka's outbound queue, and how to tell afterwards whether it
 * did (lib/outbound-inject.js; injected in tests).
 * @typedef {object} Outbound
 * @property {(entry: QuarantineEntry, raw: Buffer) => Promise<string>} inject   resolves with the queue id
 * @property {(id: string) => Promise<string | null>} findQueued  the queue id of a queued release, if any
 */

// Settled entries stay this long (answering repeated commands), then they are forgotten.
const KEEP_SETTLED_MS = 30 * 24 * 3600 * 1000
const IDLE_RECHECK_MS = 30_000

/**
 * @param {string | null | undefined} text
 * @param {number} max
 */
function clip(text, max) {
  if (text === null || text === undefined) return null
  const s = String(text)
  return s.length > max ? s.slice(0, max) : s
}

// The report as the contract bounds it (quarantineReportSchema): long values are cut, not refused.
/**
 * @param {QuarantineEntry} e
 * @returns {QuarantineReport}
 */
function reportOf(e) {
  return {
    id: e.id,
    queueId: clip(e.queueId, 200),
    messageId: clip(e.messageId, 998),
    senderId: e.senderId,
    credentialId: e.credentialId,
    from: clip(e.from, 320),
    recipients: e.recipients.slice(0, 10000).map((r) => String(clip(r, 320))),
    subject: clip(e.subject, 998),
    sizeBytes: e.sizeBytes,
    verdict: String(clip(e.verdict, 300)),
    findings: e.findings.slice(0, 50).map((f) => ({
      kind: f.kind,
      ...(f.ruleId ? { ruleId: String(clip(f.ruleId, 100)) } : {}),
      ruleName: String(clip(f.ruleName, 200)),
      action: String(clip(f.action, 20)),
      where: String(clip(f.where, 300)),
      count: f.count,
      samples: f.samples.slice(0, 10).map((s) => ({
        redacted: String(clip(s.redacted, 500)),
        context: String(clip(s.context, 1000)),
      })),
    })),
    headers: e.headers.slice(0, 200).map(([name, value]) => [String(clip(name, 200)), String(clip(value, 4000))]),
    receivedAt: e.receivedAt,
  }
}

// 2xx (and 409: already known) is an acknowledgement; these 4xx are final refusals (retrying the
// same body cannot help); everything else is retried.
const FINAL = new Set([400, 403, 404, 410, 413, 422])

class Quarantine {
  /**
   * @param {object} options
   * @param {Pick<Settings, 'controlUrl' | 'token' | 'eventsMaxBackoffMs'>} options.settings
   * @param {QuarantineStore} options.store
   * @param {Outbound} options.outbound
   * @param {Log} options.log
   */
  constructor({ settings, store, outbound, log }) {
    this.settings = settings
    this.store = store
    this.outbound = outbound
    this.log = log
    this.backoff = new Backoff(settings.eventsMaxBackoffMs)
    this.pause = sleeper()
    this.stopped = true
    /** @type {Set<string>} ids with a command being carried out */
    this.busy = new Set()
    /** @type {QuarantineCommand[]} the latest snapshot's commands */
    this.lastCommands = []
    this.lastRetryAt = 0
    // Reports the control plane refused for good (shown in the heartbeat's warnings).
    this.refused = 0
    this.failing = false
  }

  async start() {
    this.stopped = false
    await this.recover()
    await this.store.prune(KEEP_SETTLED_MS).catch((err) => this.log.warn(`quarantine prune: ${messageOf(err)}`))
    this.loop()
  }

  stop() {
    this.stopped = true
    this.pause.wake()
  }

  wake() {
    this.pause.wake()
  }

  // A release a crash interrupted: if its queue file exists the release happened; else it did not
  // (a delivered release has already been marked by hook_delivered before its queue file went),
  // so it is still held and the next command releases it.
  async recover() {
    for (const entry of this.store.all().filter((e) => e.state === 'releasing')) {
      const queued = await this.outbound.findQueued(entry.id)
      await this.store.update(entry.id, (e) => {
        if (queued) {
          e.state = 'released'
          e.releasedQueueId = queued
          e.unsettled.push({ outcome: 'released', queueId: queued, at: new Date().toISOString() })
        } else {
          e.state = 'held'
        }
      })
    }
  }

  /**
   * @param {Buffer} raw
   * @param {QuarantineEntry} entry
   */
  async hold(raw, entry) {
    await this.store.hold(raw, entry)
    this.wake()
  }

  // The commands of the snapshot just applied (every relay's: only ids held here are acted on).
  /** @param {QuarantineCommand[]} commands */
  onCommands(commands) {
    // Kept: a command that failed (e.g. the outbound queue refused the release) is tried again
    // while the relay is idle, without waiting for the next snapshot.
    this.lastCommands = commands
    for (const command of commands) {
      const entry = this.store.get(command.id)
      if (!entry || this.busy.has(command.id)) continue
      this.busy.add(command.id)
      this.carryOut(command, entry)
        .catch((err) => this.log.error(`quarantine ${command.id}: ${command.action} failed: ${messageOf(err)}`))
        .finally(() => {
          this.busy.delete(command.id)
          this.wake()
        })
    }
  }

  /**
   * @param {QuarantineCommand} command
   * @param {QuarantineEntry} entry
   */
  async carryOut(command, entry) {
    const at = new Date().toISOString()
    if (entry.state === 'held' && command.action === 'release') return this.release(entry)
    if (entry.state === 'held' && command.action === 'delete') {
      await this.store.removeMessage(entry.id)
      await this.store.update(entry.id, (e) => {
        e.state = 'deleted'
        e.unsettled.push({ outcome: 'deleted', queueId: null, at })
      })
      this.log.info(`quarantine ${entry.id}: deleted on command`)
      return
    }
    // Done before (or a delete after a release): say again what happened. The first pending
    // notice may be on its way already, so only what waits behind it counts as queued (a notice
    // sent twice is harmless: settled is idempotent; one queued per snapshot would pile up).
    if (entry.state === 'releasing') return
    /** @type {PendingSettle[]} */
    const answers = []
    if (entry.state === 'deleted') answers.push({ outcome: 'deleted', queueId: null, at })
    if (entry.state === 'released' || entry.state === 'delivered')
      answers.push({ outcome: 'released', queueId: entry.releasedQueueId, at })
    if (entry.state === 'delivered') answers.push({ outcome: 'delivered', queueId: entry.releasedQueueId, at })
    const waiting = entry.unsettled.slice(1)
    const again = answers.filter((a) => !waiting.some((w) => w.outcome === a.outcome))
    if (again.length) await this.store.update(entry.id, (e) => e.unsettled.push(...again))
  }

  // Commands whose message is still held (a release that failed): carried out again.
  retryCommands(now = Date.now()) {
    if (now - this.lastRetryAt < IDLE_RECHECK_MS) return
    const pending = this.lastCommands.filter((c) => this.store.get(c.id)?.state === 'held')
    if (!pending.length) return
    this.lastRetryAt = now
    this.onCommands(this.lastCommands)
  }

  // Into Haraka's outbound queue with the original envelope; the message file goes once the queue
  // file (fsync'd by Haraka) holds it.
  /** @param {QuarantineEntry} entry */
  async release(entry) {
    const raw = await this.store.readMessage(entry.id)
    await this.store.update(entry.id, (e) => {
      e.state = 'releasing'
    })
    let queueId
    try {
      queueId = await this.outbound.inject(entry, raw)
    } catch (err) {
      await this.store.update(entry.id, (e) => {
        e.state = 'held'
      })
      throw err
    }
    await this.store.update(entry.id, (e) => {
      e.state = 'released'
      e.releasedQueueId = queueId
      e.unsettled.push({ outcome: 'released', queueId, at: new Date().toISOString() })
    })
    await this.store.removeMessage(entry.id)
    this.log.info(`quarantine ${entry.id}: released into the outbound queue as ${queueId}`)
  }

  // hook_delivered for a released message: recorded before Haraka removes its queue file.
  /**
   * @param {string} id
   * @param {string[]} recipients  delivered now
   */
  async delivered(id, recipients) {
    const entry = this.store.get(id)
    if (!entry || entry.state === 'delivered') return
    await this.store.update(id, (e) => {
      const done = new Set([...(e.deliveredRecipients ?? []), ...recipients.map((r) => r.toLowerCase())])
      e.deliveredRecipients = [...done]
      if (e.recipients.every((r) => done.has(r.toLowerCase()))) {
        e.state = 'delivered'
        e.unsettled.push({ outcome: 'delivered', queueId: e.releasedQueueId, at: new Date().toISOString() })
      }
    })
    this.wake()
  }

  /**
   * @returns {{ entry: QuarantineEntry, kind: 'report' }
   *   | { entry: QuarantineEntry, kind: 'settle', settle: PendingSettle } | null}
   */
  nextWork() {
    for (const entry of this.store.all()) {
      if (!entry.reported && !entry.reportRefused) return { entry, kind: 'report' }
    }
    for (const entry of this.store.all()) {
      // Settled notices follow the report (the control plane knows the id only after it).
      if ((entry.reported || entry.reportRefused) && entry.unsettled.length)
        return { entry, kind: 'settle', settle: entry.unsettled[0] }
    }
    return null
  }

  async loop() {
    while (!this.stopped) {
      const work = this.nextWork()
      if (!work) {
        await this.pause.sleep(IDLE_RECHECK_MS)
        if (!this.stopped) this.retryCommands()
        continue
      }
      try {
        await this.send(work)
        if (this.failing) this.log.notice('quarantine reports reach the control plane again')
        this.failing = false
        this.backoff.reset()
      } catch (err) {
        if (!this.failing) this.log.warn(`quarantine report failed (${messageOf(err)}); retrying`)
        this.failing = true
        await this.pause.sleep(this.backoff.next())
      }
    }
  }

  /** @param {NonNullable<ReturnType<Quarantine['nextWork']>>} work */
  async send(work) {
    const { entry } = work
    const request =
      work.kind === 'report'
        ? { method: 'POST', path: '/quarantine', body: reportOf(entry) }
        : {
            method: 'POST',
            path: `/quarantine/${entry.id}/settled`,
            body: { outcome: work.settle.outcome, queueId: work.settle.queueId, at: work.settle.at },
          }
    const response = await relayRequest(this.settings, { ...request, timeoutMs: 15000 })
    const acknowledged = response.ok || response.status === 409
    if (!acknowledged && !FINAL.has(response.status)) throw new Error(`${request.path} answered ${response.status}`)
    if (!acknowledged) {
      this.refused++
      this.log.error(
        `quarantine ${entry.id}: the control plane refused ${request.path} (${response.status}): ` +
          JSON.stringify(response.json),
      )
    }
    await this.store.update(entry.id, (e) => {
      if (work.kind === 'report') {
        e.reported = acknowledged
        e.reportRefused = acknowledged ? null : `HTTP ${response.status}`
      } else {
        e.unsettled.shift()
      }
    })
  }

  // What the heartbeat says about quarantine.
  warnings() {
    /** @type {string[]} */
    const out = []
    const unreported = this.store.all().filter((e) => !e.reported && !e.reportRefused).length
    if (unreported && this.failing)
      out.push(`${unreported} quarantined message(s) not yet reported to the control plane (retrying).`)
    if (this.refused) out.push(`${this.refused} quarantine report(s) were refused by the control plane (see the log).`)
    return out
  }
}

module.exports = { Quarantine, reportOf }
