// @ts-check
'use strict'

// What this relay accepted lately, per sender, so that shared counters can be made whole when
// Redis answers again (rate-limits.js): the recipients it accepted in the last minute, marked
// when they were decided locally (fallback, Redis never saw them), and the fallback recipients of
// the current UTC day. Bounded: at most a minute of timestamps per sender (≤ its limit).

const MINUTE_MS = 60 * 1000
const DAY_MS = 24 * 60 * MINUTE_MS

/**
 * @typedef {import('./policy-index').IndexedSender} IndexedSender
 * @typedef {{ at: number, local: boolean }} Unit
 * @typedef {{ sender: IndexedSender, units: Unit[], day: number, localToday: number }} Entry
 * @typedef {{ sender: IndexedSender, minute: number, day: number }} Restore
 */

class RateLimitLedger {
  constructor() {
    /** @type {Map<string, Entry>} by sender id */
    this.entries = new Map()
  }

  /**
   * @param {IndexedSender} sender
   * @param {number} now
   * @param {boolean} local decided by the local fallback share (Redis did not count it)
   */
  accepted(sender, now, local) {
    const day = Math.floor(now / DAY_MS)
    let entry = this.entries.get(sender.id)
    if (!entry) {
      entry = { sender, units: [], day, localToday: 0 }
      this.entries.set(sender.id, entry)
    }
    entry.sender = sender
    if (entry.day !== day) {
      entry.day = day
      entry.localToday = 0
    }
    prune(entry, now)
    entry.units.push({ at: now, local })
    if (local) entry.localToday++
  }

  // Recipients of the sender this relay accepted in the last 60 s (sliding, whatever decided them).
  /**
   * @param {IndexedSender} sender
   * @param {number} now
   */
  lastMinute(sender, now) {
    const entry = this.entries.get(sender.id)
    if (!entry) return 0
    prune(entry, now)
    return entry.units.length
  }

  // What Redis must be given so that its counters hold this relay's part again. `lost`: Redis
  // came back without its data (restarted empty), so everything this relay accepted counts —
  // the minute's recipients, and the day's as the local counters know them (dayTotal); else only
  // what was decided locally while Redis was away.
  /**
   * @param {number} now
   * @param {boolean} lost
   * @param {(sender: IndexedSender) => number} dayTotal
   * @returns {Restore[]}
   */
  restores(now, lost, dayTotal) {
    const today = Math.floor(now / DAY_MS)
    /** @type {Restore[]} */
    const out = []
    for (const entry of this.entries.values()) {
      prune(entry, now)
      const minute = lost ? entry.units.length : entry.units.filter((u) => u.local).length
      const localToday = entry.day === today ? entry.localToday : 0
      const day = lost ? dayTotal(entry.sender) : localToday
      if (minute > 0 || day > 0) out.push({ sender: entry.sender, minute, day })
    }
    return out
  }

  // After the restores reached Redis: what was local is now shared.
  settled() {
    for (const entry of this.entries.values()) {
      for (const unit of entry.units) unit.local = false
      entry.localToday = 0
    }
  }
}

/**
 * @param {Entry} entry
 * @param {number} now
 */
function prune(entry, now) {
  let drop = 0
  while (drop < entry.units.length && entry.units[drop].at <= now - MINUTE_MS) drop++
  if (drop > 0) entry.units.splice(0, drop)
}

module.exports = { RateLimitLedger }
