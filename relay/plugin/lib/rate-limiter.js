// @ts-check
'use strict'

// Per-sender recipient counters in memory, fixed windows: the current UTC minute and UTC day.
// A message counts once per accepted recipient, so one message to 5,000 recipients cannot pass a
// 100/minute limit. Per relay process: N relays allow up to N times the limit (relay/README.md).

const MINUTE_MS = 60 * 1000
const DAY_MS = 24 * 60 * MINUTE_MS

/**
 * @typedef {import('./policy-index').IndexedSender} IndexedSender
 * @typedef {{ minute: number, perMinute: number, day: number, perDay: number }} Counters
 * @typedef {{ window: 'minute' | 'day', limit: number }} RateRefusal
 */

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

  // The refusal when `count` more would pass a limit, else null (nothing counted).
  /**
   * @param {IndexedSender} sender
   * @param {number} [now]
   * @param {number} [count]
   * @returns {RateRefusal | null}
   */
  check(sender, now = Date.now(), count = 1) {
    const c = this.current(sender, now)
    if (sender.rateLimitPerMinute > 0 && c.perMinute + count > sender.rateLimitPerMinute) {
      return { window: 'minute', limit: sender.rateLimitPerMinute }
    }
    if (sender.rateLimitPerDay > 0 && c.perDay + count > sender.rateLimitPerDay) {
      return { window: 'day', limit: sender.rateLimitPerDay }
    }
    return null
  }

  // Counts `count` recipients for the sender unless a limit would be passed; the refusal or null.
  /**
   * @param {IndexedSender} sender
   * @param {number} [now]
   * @param {number} [count]
   * @returns {RateRefusal | null}
   */
  tryConsume(sender, now = Date.now(), count = 1) {
    const refused = this.check(sender, now, count)
    if (refused) return refused
    const c = this.current(sender, now)
    c.perMinute += count
    c.perDay += count
    return null
  }
}

module.exports = { RateLimiter }
