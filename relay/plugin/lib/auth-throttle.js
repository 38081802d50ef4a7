// @ts-check
'use strict'

// SMTP AUTH failures per client IP: after `limit` failures within `windowMs`, AUTH from that IP
// is answered 421 4.7.0 (and the connection closed) for `lockMs`, without checking the secret.
// Haraka's own delay slows one connection only; this holds across parallel connections.
// Counted per process (per worker when clustered), like the rate limits.

// Beyond this many tracked addresses the oldest are forgotten (memory stays bounded).
const MAX_TRACKED_IPS = 100_000

/** @typedef {{ failures: number[], lockedUntil: number }} IpFailures failure times (at most limit) and the lock's end, ms */

class AuthThrottle {
  /** @param {{ limit: number, windowMs: number, lockMs: number }} options */
  constructor({ limit, windowMs, lockMs }) {
    this.limit = limit
    this.windowMs = windowMs
    this.lockMs = lockMs
    /** @type {Map<string, IpFailures>} */
    this.byIp = new Map()
  }

  // Milliseconds the IP stays locked, 0 when AUTH may be tried.
  /**
   * @param {string} ip
   * @param {number} [now]
   */
  lockedFor(ip, now = Date.now()) {
    const entry = this.byIp.get(ip)
    if (!entry || entry.lockedUntil <= now) return 0
    return entry.lockedUntil - now
  }

  /**
   * @param {string} ip
   * @param {number} [now]
   */
  recordFailure(ip, now = Date.now()) {
    let entry = this.byIp.get(ip)
    if (!entry) {
      if (this.byIp.size >= MAX_TRACKED_IPS) this.prune(now)
      entry = { failures: [], lockedUntil: 0 }
      this.byIp.set(ip, entry)
    }
    entry.failures = entry.failures.filter((at) => at > now - this.windowMs)
    entry.failures.push(now)
    if (entry.failures.length >= this.limit) {
      entry.lockedUntil = now + this.lockMs
      entry.failures = []
    }
  }

  /** @param {number} now */
  prune(now) {
    for (const [ip, entry] of this.byIp) {
      if (entry.lockedUntil <= now && entry.failures.every((at) => at <= now - this.windowMs)) this.byIp.delete(ip)
    }
    // Still full: forget the oldest half (insertion order).
    if (this.byIp.size >= MAX_TRACKED_IPS) {
      let drop = Math.floor(this.byIp.size / 2)
      for (const ip of this.byIp.keys()) {
        if (drop-- <= 0) break
        this.byIp.delete(ip)
      }
    }
  }
}

module.exports = { AuthThrottle }
