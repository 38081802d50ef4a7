// @ts-check
'use strict'

// Per-sender recipient counters in memory, fixed windows: the current UTC minute and UTC day.
// A message counts once per accepted recipient, so one message to 5,000 recipients cannot pass a
// 100/minute limit. Per relay process: N relays allow up to N times the limit — the local backend
// of rate-limits.js, used alone without Redis and, while Redis is unreachable, with each limit
// divided by the live relays (divisor).

const MINUTE_MS = 60 * 1000
const DAY_MS = 24 * 60 * MINUTE_MS

/**
 * @typedef {import('./policy-index').IndexedSender} IndexedSender
 * @typedef {{ minute: number, perMinute: number, day: number, perDay: number }} Counters
 * @typedef {{ window: 'minute' | 'day', limit: number }} RateRefusal
 */

// A limit's share when `divisor` relays split it (0: no limit, stays 0).
/**
 * @param {number} limit
 * @param {number} divisor
 */
function shareOf(limit, divisor) {
  return limit > 0 ? Math.ceil(limit / Math.max(1, divisor)) : 0
}

class RateLimiter {
  constructor() {
    /** @type {Map<string, Counters>} by sender id */
    this.counters = new Map()
  }

  // The sender's counters, reset when their minute or day has passed.
  /**
   * @param {IndexedSender} sender
   * @param {number} now
   * @returns {Counters}
   */
  current(sender, now) {
    const minute = Math.floor(now / MINUTE_MS)
    const day = Math.floor(now / DAY_MS)
    let c = this.counters.get(sender.id)
    if (!c) {
      c = { minute, perMinute: 0, day, perDay: 0 }
      this.counters.set(sender.id, c)
    }
    if (c.minute !== minute) {
      c.minute = minute
      c.perMinute = 0
    }
    if (c.day !== day) {
      c.day = day
      c.perDay = 0
    }
    return c
  }

  // The refusal when `count` more would pass a limit (each divided by `divisor`), else null
  // (nothing counted). The refusal names the sender's own limit: the message is the same whether
  // the relay counts alone, shared or in fallback.
  /**
   * @param {IndexedSender} sender
   * @param {number} [now]
   * @param {number} [count]
   * @param {number} [divisor]
   * @returns {RateRefusal | null}
   */
  check(sender, now = Date.now(), count = 1, divisor = 1) {
    const c = this.current(sender, now)
    const perMinute = shareOf(sender.rateLimitPerMinute, divisor)
    const perDay = shareOf(sender.rateLimitPerDay, divisor)
    if (perMinute > 0 && c.perMinute + count > perMinute) {
      return { window: 'minute', limit: sender.rateLimitPerMinute }
    }
    if (perDay > 0 && c.perDay + count > perDay) {
      return { window: 'day', limit: sender.rateLimitPerDay }
    }
    return null
  }

  // Counts `count` recipients without checking (recipients the shared counters accepted, so a
  // fallback starts from what this relay already sent).
  /**
   * @param {IndexedSender} sender
   * @param {number} [now]
   * @param {number} [count]
   */
  record(sender, now = Date.now(), count = 1) {
    const c = this.current(sender, now)
    c.perMinute += count
    c.perDay += count
  }

  // Counts `count` recipients for the sender unless a limit would be passed; the refusal or null.
  /**
   * @param {IndexedSender} sender
   * @param {number} [now]
   * @param {number} [count]
   * @param {number} [divisor]
   * @returns {RateRefusal | null}
   */
  tryConsume(sender, now = Date.now(), count = 1, divisor = 1) {
    const refused = this.check(sender, now, count, divisor)
    if (!refused) this.record(sender, now, count)
    return refused
  }
}

module.exports = { RateLimiter, shareOf }
