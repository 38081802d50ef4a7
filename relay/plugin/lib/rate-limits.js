// @ts-check
'use strict'

// The relay's rate limits, one interface over two backends: shared counters in Redis when the
// relay's environment has REDIS_URL (redis-rate-limiter.js), else each relay counts alone in
// memory (rate-limiter.js, mode "local"). While Redis does not answer (down, or slower than
// redis_timeout_ms) the relay counts locally with each limit divided by the live relays the
// control plane last reported (mode "fallback"), and goes back to "shared" as soon as Redis
// answers again — after giving Redis what it missed (the ledger): the recipients accepted locally
// meanwhile, or, when Redis came back empty (restarted without its data), everything this relay
// accepted in the current windows, so the fleet's counters are whole again before any new
// decision. The heartbeat reports the mode (state()).

const fs = require('node:fs')
const path = require('node:path')
const { RateLimiter, shareOf } = require('./rate-limiter')
const { RateLimitLedger } = require('./rate-limit-ledger')
const { RedisRateLimiter } = require('./redis-rate-limiter')
const { messageOf } = require('./errors')

const LIVE_RELAYS_FILE = 'live-relays.json'
const MAX_DETAIL_LENGTH = 400

/**
 * @typedef {import('./policy-index').IndexedSender} IndexedSender
 * @typedef {import('./rate-limiter').RateRefusal} RateRefusal
 * @typedef {import('./settings').Settings} Settings
 * @typedef {import('./runtime').Log} Log
 * @typedef {NonNullable<import('../contract-types').HeartbeatBody['rateLimits']>} RateLimitState
 */

class RateLimits {
  /**
   * @param {object} options
   * @param {Pick<Settings, 'redisUrl' | 'redisPrefix' | 'redisTimeoutMs' | 'stateDir'>} options.settings
   * @param {Log} options.log
   */
  constructor({ settings, log }) {
    this.log = log
    this.local = new RateLimiter()
    this.ledger = new RateLimitLedger()
    /** @type {string | null} the Redis identity last seen (redis-rate-limiter.js epoch()) */
    this.epoch = null
    /** @type {Promise<void> | null} while Redis is given what it missed */
    this.syncing = null
    this.liveRelaysFile = path.join(settings.stateDir, LIVE_RELAYS_FILE)
    // The last count the control plane gave, kept on disk: a relay restarted while Redis is down
    // still divides by it.
    this.liveRelays = readLiveRelays(this.liveRelaysFile)
    /** @type {number | null} when Redis stopped answering (null: it answers) */
    this.downSince = null
    this.downReason = ''
    this.stopped = false
    this.shared = settings.redisUrl
      ? new RedisRateLimiter({
          url: settings.redisUrl,
          prefix: settings.redisPrefix,
          timeoutMs: settings.redisTimeoutMs,
          listener: { onUp: () => this.resync(), onDown: (reason) => this.down(reason) },
        })
      : null
  }

  /** @returns {'local' | 'shared' | 'fallback'} */
  get mode() {
    if (!this.shared) return 'local'
    return this.downSince === null ? 'shared' : 'fallback'
  }

  get divisor() {
    return this.mode === 'fallback' ? this.liveRelays : 1
  }

  // The refusal when the sender has no recipient left in a window (nothing counted), else null.
  /**
   * @param {IndexedSender} sender
   * @param {number} [now]
   * @returns {Promise<RateRefusal | null>}
   */
  check(sender, now = Date.now()) {
    return this.decide(sender, now, false)
  }

  // Counts one recipient unless a limit would be passed; the refusal or null.
  /**
   * @param {IndexedSender} sender
   * @param {number} [now]
   * @returns {Promise<RateRefusal | null>}
   */
  tryConsume(sender, now = Date.now()) {
    return this.decide(sender, now, true)
  }

  /**
   * @param {IndexedSender} sender
   * @param {number} now
   * @param {boolean} count
   * @returns {Promise<RateRefusal | null>}
   */
  async decide(sender, now, count) {
    if (this.shared) {
      try {
        // Known down: tried at once (fails at once while disconnected), so a fallback costs no wait.
        if (this.syncing) await this.syncing
        if (this.downSince === null) await this.shared.connected()
        const refused = await this.shared.run(sender, count)
        this.up()
        // Also counted here, so a fallback starts from what this relay already accepted.
        if (count && !refused) {
          this.local.record(sender, now)
          this.ledger.accepted(sender, now, false)
        }
        return refused
      } catch (err) {
        this.down(messageOf(err))
      }
    }
    const divisor = this.divisor
    // In fallback the minute share is checked over the last 60 s (the ledger), like the shared
    // window: the local fixed UTC minute would grant a fresh share at its edge.
    const minuteShare = shareOf(sender.rateLimitPerMinute, divisor)
    if (this.shared && minuteShare > 0 && this.ledger.lastMinute(sender, now) + 1 > minuteShare)
      return { window: 'minute', limit: sender.rateLimitPerMinute }
    if (!count) return this.local.check(sender, now, 1, divisor)
    const refused = this.local.tryConsume(sender, now, 1, divisor)
    if (!refused && this.shared) this.ledger.accepted(sender, now, true)
    return refused
  }

  // Redis (re)connected: give it what it missed, then decide with it again.
  resync() {
    if (!this.shared || this.stopped) return
    this.syncing = this.restoreShared()
      .then(
        () => this.up(),
        (err) => this.down(messageOf(err)),
      )
      .finally(() => {
        this.syncing = null
      })
  }

  async restoreShared() {
    const shared = /** @type {InstanceType<typeof RedisRateLimiter>} */ (this.shared)
    const epoch = await shared.epoch()
    const lost = this.epoch !== null && epoch !== this.epoch
    this.epoch = epoch
    const now = Date.now()
    const restores = this.ledger.restores(now, lost, (sender) => this.local.current(sender, now).perDay)
    for (const { sender, minute, day } of restores) await shared.restore(sender, { minute, day })
    this.ledger.settled()
    if (restores.length === 0) return
    const total = restores.reduce((n, r) => n + r.minute, 0)
    this.log.notice(
      `rate limits: gave Redis the ${total} recipient(s) of the last minute ${lost ? 'accepted before it restarted empty' : 'accepted while it was unreachable'}`,
    )
  }

  up() {
    if (this.downSince === null) return
    this.log.notice(
      `rate limits: Redis answers again, shared limits resume (unreachable since ${new Date(this.downSince).toISOString()})`,
    )
    this.downSince = null
    this.downReason = ''
  }

  /** @param {string} reason */
  down(reason) {
    if (this.downSince !== null || !this.shared || this.stopped) return
    this.downSince = Date.now()
    this.downReason = reason
    this.log.warn(
      `rate limits: Redis unreachable (${reason}): counting locally, each limit divided by ${this.liveRelays} live relay(s)`,
    )
  }

  // From the heartbeat's answer: how many relays are live, so a fallback takes its share.
  /** @param {unknown} count */
  setLiveRelays(count) {
    const n = Number(count)
    if (!Number.isInteger(n) || n < 1 || n === this.liveRelays) return
    this.liveRelays = n
    try {
      fs.writeFileSync(this.liveRelaysFile, JSON.stringify({ liveRelays: n }))
    } catch (err) {
      this.log.warn(`rate limits: could not keep the live relay count: ${messageOf(err)}`)
    }
  }

  /** @returns {RateLimitState} */
  state() {
    const mode = this.mode
    if (mode === 'local') return { mode, divisor: 1, detail: 'No REDIS_URL: this relay counts its limits alone' }
    if (mode === 'shared') return { mode, divisor: 1, detail: null }
    const since = new Date(/** @type {number} */ (this.downSince)).toISOString()
    const detail = `Redis unreachable since ${since}: ${this.downReason}`.slice(0, MAX_DETAIL_LENGTH)
    return { mode, divisor: this.liveRelays, detail }
  }

  stop() {
    this.stopped = true
    this.shared?.stop()
  }
}

/** @param {string} file */
function readLiveRelays(file) {
  try {
    const n = Number(JSON.parse(fs.readFileSync(file, 'utf8')).liveRelays)
    return Number.isInteger(n) && n >= 1 ? n : 1
  } catch {
    return 1
  }
}

module.exports = { RateLimits }
