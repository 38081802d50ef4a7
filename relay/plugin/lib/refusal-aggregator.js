// @ts-check
'use strict'

// Unauthenticated refusals (bad AUTH, AUTH throttled, MAIL without AUTH, no usable policy at
// connect) cost an attacker nothing, so they are not one event each: they are grouped per client
// IP, refusal kind (reason, SMTP reply and detail, a fixed set) and window (a minute by default,
// aligned to the clock). The first refusal of a group is recorded at once (an operator setting up
// a sender sees "wrong secret" right away); the others become one `rejected` event with `count`
// when the window ends. Charts add the counts, so they still show every refused attempt.

const crypto = require('node:crypto')
const { rejectedEvent } = require('./events')

/**
 * @typedef {import('../contract-types').RelayEvent} RelayEvent
 * @typedef {import('./events').SessionInfo} SessionInfo
 * @typedef {import('./checks').Verdict} Verdict
 * @typedef {import('./runtime').Log} Log
 * @typedef {object} RefusalGroup
 * @property {number} windowStart
 * @property {SessionInfo} info  what all its attempts share
 * @property {Verdict} verdict
 * @property {number} count      attempts not yet emitted
 * @property {number} firstAt
 * @property {number} lastAt
 */

// Fields that differ between attempts (usernames tried, From) are not kept.
/** @type {Array<'username' | 'credentialId' | 'senderId' | 'from'>} */
const VARYING_FIELDS = ['username', 'credentialId', 'senderId', 'from']

// More groups than this at once (a botnet) and all are emitted early: memory stays bounded.
const MAX_GROUPS = 10_000
const CHECK_INTERVAL_MS = 1000

class RefusalAggregator {
  // emit(events): hands finished groups' events to the spool.
  /** @param {{ windowMs: number, emit: (events: RelayEvent[]) => unknown, log: Log }} options */
  constructor({ windowMs, emit, log }) {
    this.windowMs = windowMs
    this.emit = emit
    this.log = log
    /** @type {Map<string, RefusalGroup>} */
    this.groups = new Map()
    this.processId = crypto.randomBytes(4).toString('hex')
    this.sequence = 0
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined
  }

  start() {
    this.timer = setInterval(() => this.flushDue(), Math.min(CHECK_INTERVAL_MS, this.windowMs))
    this.timer.unref?.()
  }

  stop() {
    clearInterval(this.timer)
    this.flush(() => true)
  }

  /**
   * @param {SessionInfo} info the session (clientIp, username, …)
   * @param {Verdict} verdict
   * @param {number} [now]
   */
  add(info, verdict, now = Date.now()) {
    const windowStart = Math.floor(now / this.windowMs) * this.windowMs
    const key = `${windowStart}|${info.clientIp}|${verdict.reason}|${verdict.code}|${verdict.enhanced}|${verdict.detail ?? verdict.text}`
    const group = this.groups.get(key)
    if (group) {
      group.count++
      group.lastAt = now
      for (const field of VARYING_FIELDS) {
        if (group.info[field] !== (info[field] ?? null)) group.info[field] = null
      }
      return
    }
    if (this.groups.size >= MAX_GROUPS) this.flush(() => true)
    /** @type {SessionInfo} */
    const kept = {
      clientIp: info.clientIp,
      policyVersion: info.policyVersion,
      username: info.username ?? null,
      credentialId: info.credentialId ?? null,
      senderId: info.senderId ?? null,
      from: info.from ?? null,
    }
    this.groups.set(key, { windowStart, info: kept, verdict, count: 0, firstAt: now, lastAt: now })
    this.emit([this.event(windowStart, kept, verdict, now, 1)])
  }

  /**
   * @param {number} windowStart
   * @param {SessionInfo} info
   * @param {Verdict} verdict
   * @param {number} at
   * @param {number} count
   */
  event(windowStart, info, verdict, at, count) {
    return rejectedEvent(`agg.${this.processId}.${windowStart}.${this.sequence++}`, info, verdict, {
      at: new Date(at).toISOString(),
      count,
    })
  }

  /** @param {number} [now] */
  flushDue(now = Date.now()) {
    this.flush((group) => group.windowStart + this.windowMs <= now)
  }

  /** @param {(group: RefusalGroup) => boolean} isDue */
  flush(isDue) {
    const events = []
    for (const [key, group] of this.groups) {
      if (!isDue(group)) continue
      this.groups.delete(key)
      if (group.count > 0)
        events.push(this.event(group.windowStart, group.info, group.verdict, group.lastAt, group.count))
    }
    if (events.length) this.emit(events)
  }
}

module.exports = { RefusalAggregator }
