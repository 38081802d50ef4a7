'use strict'

// Per-sender message counters in memory, fixed windows: the current UTC minute and UTC day.
// Per relay process: N relays allow up to N times the limit (documented in relay/README.md).

const MINUTE_MS = 60 * 1000
const DAY_MS = 24 * 60 * MINUTE_MS

class RateLimiter {
  constructor() {
    this.counters = new Map()
  }

  // Counts one message for the sender unless a limit is reached; returns the refusal or null.
  tryConsume(sender, now = Date.now()) {
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
    if (sender.rateLimitPerMinute > 0 && c.perMinute >= sender.rateLimitPerMinute) {
      return { window: 'minute', limit: sender.rateLimitPerMinute }
    }
    if (sender.rateLimitPerDay > 0 && c.perDay >= sender.rateLimitPerDay) {
      return { window: 'day', limit: sender.rateLimitPerDay }
    }
    c.perMinute++
    c.perDay++
    return null
  }
}

module.exports = { RateLimiter }
