// @ts-check
'use strict'

// Recipient counters shared by every relay, in Redis: one Lua script (shared-window.lua) checks
// and counts all of a recipient's counters atomically, so N relays together stay within a limit.
//
// Why a sliding window of small buckets, not GCRA or a fixed window: a limit of 600/minute must
// hold over ANY 60 seconds across the fleet (the bench offers 2,000 in a minute and expects ≤ 606).
// GCRA with a burst of the whole limit lets a full burst plus a minute of refill through — up to
// twice the limit in 60 s — and with a small burst it refuses the ordinary 100-recipient message.
// A fixed window allows twice the limit across its edge. Summing 61 one-second buckets (97
// quarter-hour buckets for the day) counts every recipient of the last 60 s (24 h) — a bucket is
// dropped only once wholly older — so no 60 s ever passes the limit; the window is at most one
// bucket longer (≤ 1.7 % for the minute, 1 % for the day), erring on the strict side. Small hashes,
// bounded work per call.

const crypto = require('node:crypto')
const fs = require('node:fs')
const path = require('node:path')

const SCRIPT = fs.readFileSync(path.join(__dirname, 'shared-window.lua'), 'utf8')
const SCRIPT_SHA = crypto.createHash('sha1').update(SCRIPT).digest('hex')

const WINDOWS = {
  minute: { bucketMs: 1000, span: 60 },
  day: { bucketMs: 15 * 60 * 1000, span: 96 },
}
const CONNECT_TIMEOUT_MS = 1000
const MAX_RECONNECT_DELAY_MS = 2000
// ioredis's own timeout only clears calls a connected but silent Redis never answers; the decision
// to fall back is made by answerWithin().
const BACKSTOP_TIMEOUT_FACTOR = 10

// The promise's value, or a rejection once `ms` have passed. The rejection is deferred to the
// event loop's check phase: when this process was not scheduled for a while (a busy machine), an
// answer already waiting on the socket is read first — the timer alone would fire before it.
/**
 * @template T
 * @param {Promise<T>} promise
 * @param {number} ms
 * @returns {Promise<T>}
 */
function answerWithin(promise, ms) {
  return new Promise((resolve, reject) => {
    let settled = false
    const timer = setTimeout(
      () =>
        setImmediate(() => {
          if (settled) return
          settled = true
          reject(new Error(`Redis did not answer within ${ms} ms`))
        }),
      ms,
    )
    promise.then(
      (value) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(value)
      },
      (err) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        reject(err)
      },
    )
  })
}

/**
 * @typedef {import('./policy-index').IndexedSender} IndexedSender
 * @typedef {import('./rate-limiter').RateRefusal} RateRefusal
 * @typedef {{ key: string, window: 'minute' | 'day', limit: number }} Counter
 * @typedef {{ onUp(): void, onDown(reason: string): void }} Listener
 */

// The counters a recipient of this sender counts against (only limits that exist). The policy
// snapshot carries limits per sender only; a per-credential limit would add its counters here,
// under the same hash tag (one cluster slot per sender).
/**
 * @param {string} prefix
 * @param {IndexedSender} sender
 * @returns {Counter[]}
 */
function countersOf(prefix, sender) {
  /** @type {Counter[]} */
  const out = []
  const base = `${prefix}rate:{${sender.id}}:sender`
  if (sender.rateLimitPerMinute > 0)
    out.push({ key: `${base}:minute`, window: 'minute', limit: sender.rateLimitPerMinute })
  if (sender.rateLimitPerDay > 0) out.push({ key: `${base}:day`, window: 'day', limit: sender.rateLimitPerDay })
  return out
}

/** @param {unknown} err */
function isNoScript(err) {
  return err instanceof Error && err.message.startsWith('NOSCRIPT')
}

class RedisRateLimiter {
  /**
   * @param {object} options
   * @param {string} options.url
   * @param {string} options.prefix key prefix (tests isolate with their own)
   * @param {number} options.timeoutMs a call not answered by then fails (the caller falls back)
   * @param {Listener} options.listener told when the connection comes up or goes down
   */
  constructor({ url, prefix, timeoutMs, listener }) {
    const Redis = require('ioredis').default
    this.prefix = prefix
    this.timeoutMs = timeoutMs
    /** @type {Promise<void> | null} */
    this.pending = null
    this.redis = new Redis(url, {
      // Fail at once while disconnected (the caller uses its local share) instead of queueing.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: timeoutMs * BACKSTOP_TIMEOUT_FACTOR,
      connectTimeout: CONNECT_TIMEOUT_MS,
      retryStrategy: (times) => Math.min(times * 100, MAX_RECONNECT_DELAY_MS),
    })
    this.redis.on('ready', () => listener.onUp())
    // ioredis reconnects by itself; these only report it.
    this.redis.on('error', (err) => listener.onDown(err.message || String(err)))
    this.redis.on('close', () => listener.onDown('connection closed'))
  }

  // Resolves once connected; rejects when no connection comes within the timeout. For a relay
  // that has not seen Redis fail: its first connection (or a reconnection) is waited for briefly
  // rather than falling back at once. (Commands are never queued while disconnected: a queued one
  // would still count when sent, after the fallback decided.)
  /** @returns {Promise<void>} */
  connected() {
    if (this.redis.status === 'ready') return Promise.resolve()
    /** @type {() => void} */
    let onReady = () => {}
    /** @type {(err: Error) => void} */
    let onError = () => {}
    this.pending ??= answerWithin(
      new Promise((resolve, reject) => {
        onReady = () => resolve(undefined)
        onError = reject
        this.redis.once('ready', onReady)
        this.redis.once('error', onError)
      }),
      this.timeoutMs,
    ).finally(() => {
      // Whichever came first (ready, error, timeout): no listener is left behind.
      this.redis.off('ready', onReady)
      this.redis.off('error', onError)
      this.pending = null
    })
    return this.pending
  }

  // Checks (count = false) or counts one recipient against every counter of the sender, atomically
  // for the whole fleet; the refusal or null. Throws when Redis does not answer in time.
  /**
   * @param {IndexedSender} sender
   * @param {boolean} count
   * @returns {Promise<RateRefusal | null>}
   */
  async run(sender, count) {
    const counters = countersOf(this.prefix, sender)
    if (!counters.length) return null
    /** @type {(string | number)[]} */
    const args = [
      ...counters.map((c) => c.key),
      1,
      count ? 1 : 0,
      ...counters.flatMap((c) => [c.limit, WINDOWS[c.window].bucketMs, WINDOWS[c.window].span]),
    ]
    const answer = await this.script(args, counters.length)
    const refused = counters[Number(answer) - 1]
    return refused ? { window: refused.window, limit: refused.limit } : null
  }

  // This Redis's identity: a random value set once (kept without expiry). Another value after a
  // reconnection means Redis restarted without its data, and every counter started over.
  /** @returns {Promise<string | null>} */
  async epoch() {
    const key = `${this.prefix}epoch`
    await answerWithin(this.redis.set(key, crypto.randomUUID(), 'NX'), this.timeoutMs)
    return answerWithin(this.redis.get(key), this.timeoutMs)
  }

  // Adds recipients this relay accepted without Redis to the sender's minute and day counters,
  // whatever the limits (they were accepted already).
  /**
   * @param {IndexedSender} sender
   * @param {{ minute: number, day: number }} units
   */
  async restore(sender, units) {
    for (const counter of countersOf(this.prefix, sender)) {
      const count = units[counter.window]
      if (count <= 0) continue
      const window = WINDOWS[counter.window]
      await this.script([counter.key, count, 2, counter.limit, window.bucketMs, window.span], 1)
    }
  }

  /**
   * @param {(string | number)[]} args
   * @param {number} keys
   */
  script(args, keys) {
    return answerWithin(
      this.redis.evalsha(SCRIPT_SHA, keys, ...args).catch((err) => {
        // First call, or Redis restarted and lost its script cache: EVAL loads it again.
        if (!isNoScript(err)) throw err
        return this.redis.eval(SCRIPT, keys, ...args)
      }),
      this.timeoutMs,
    )
  }

  stop() {
    this.redis.disconnect()
  }
}

module.exports = { RedisRateLimiter, countersOf, WINDOWS, SCRIPT }
