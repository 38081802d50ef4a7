// @ts-check
'use strict'

// POST /heartbeat every few seconds and right after a new policy is applied, so the dashboard
// sees which policy version (which kill switches) each relay enforces, its queue and spool depth,
// and what an operator should know: policy entries skipped (PolicyState.warnings) and the
// runtime's own warnings (spool full, events set aside).

const fs = require('node:fs')
const { MAX_HEARTBEAT_WARNINGS, MAX_HEARTBEAT_WARNING_LENGTH } = require('./contract')
const { relayRequest } = require('./http')
const { messageOf } = require('./errors')

/**
 * @typedef {import('./settings').Settings} Settings
 * @typedef {import('./policy-state').PolicyState} PolicyState
 * @typedef {import('./event-spool').EventSpool} EventSpool
 * @typedef {import('./runtime').Log} Log
 * @typedef {import('../contract-types').HeartbeatBody} HeartbeatBody
 * @typedef {NonNullable<HeartbeatBody['scanners']>[number]} ScannerState
 * @typedef {{ refresh(): Promise<void>, states(): ScannerState[] }} Scanners
 * @typedef {NonNullable<HeartbeatBody['rateLimits']>} RateLimitState
 * @typedef {{ state(): RateLimitState, setLiveRelays(count: unknown): void }} RateLimitReport
 */

/** @param {string} queueDir */
function countQueueFiles(queueDir) {
  try {
    return fs.readdirSync(queueDir).filter((name) => !name.startsWith('.')).length
  } catch {
    return 0
  }
}

class Heartbeat {
  /**
   * @param {object} options
   * @param {Settings} options.settings
   * @param {PolicyState} options.state
   * @param {EventSpool} options.spool
   * @param {string} options.queueDir
   * @param {Log} options.log
   * @param {() => string[]} [options.warnings] the runtime's own warnings
   * @param {Scanners} [options.scanners] the content scanners' state, checked before each beat
   * @param {RateLimitReport} [options.rateLimits] reported, and told the live relay count the answer carries
   * @param {() => void} [options.onAnswered] after each beat the control plane took (it reached its database)
   */
  constructor({ settings, state, spool, queueDir, log, warnings = () => [], scanners, rateLimits, onAnswered }) {
    this.onAnswered = onAnswered
    this.warnings = warnings
    this.rateLimits = rateLimits
    this.scanners = scanners
    this.settings = settings
    this.state = state
    this.spool = spool
    this.queueDir = queueDir
    this.log = log
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined
    /** @type {string | undefined} */
    this.listen = undefined
    this.inFlight = false
    this.again = false
    this.failing = false
  }

  /** @param {string} listen */
  start(listen) {
    this.listen = listen
    this.timer = setInterval(() => this.send(), this.settings.heartbeatIntervalMs)
    this.timer.unref?.()
    this.send()
  }

  stop() {
    clearInterval(this.timer)
  }

  /** @returns {HeartbeatBody} */
  body() {
    return {
      softwareVersion: this.settings.softwareVersion,
      policyVersion: this.state.version,
      policyAppliedAt: this.state.appliedAt ? new Date(this.state.appliedAt).toISOString() : null,
      queueDepth: countQueueFiles(this.queueDir),
      spoolDepth: this.spool.depth,
      warnings: [...this.warnings(), ...(this.state.warnings || [])]
        .slice(0, MAX_HEARTBEAT_WARNINGS)
        .map((w) => String(w).slice(0, MAX_HEARTBEAT_WARNING_LENGTH)),
      ...(this.listen ? { listen: this.listen } : {}),
      scanners: this.scanners?.states() ?? [],
      ...(this.rateLimits ? { rateLimits: this.rateLimits.state() } : {}),
    }
  }

  async send() {
    if (this.inFlight) {
      this.again = true
      return
    }
    this.inFlight = true
    try {
      // A scanner check never fails the beat (each check has its own short timeout).
      await this.scanners?.refresh().catch(() => undefined)
      const response = await relayRequest(this.settings, {
        method: 'POST',
        path: '/heartbeat',
        body: this.body(),
        timeoutMs: 5000,
      })
      if (!response.ok) throw new Error(`heartbeat answered ${response.status}`)
      // Older control planes answer without it: the last count is kept.
      const answer = /** @type {{ liveRelays?: unknown } | null} */ (response.json)
      if (answer?.liveRelays !== undefined) this.rateLimits?.setLiveRelays(answer.liveRelays)
      this.failing = false
      this.onAnswered?.()
    } catch (err) {
      if (!this.failing) this.log.warn(`heartbeat failed: ${messageOf(err)}`)
      this.failing = true
    } finally {
      this.inFlight = false
      if (this.again) {
        this.again = false
        this.send()
      }
    }
  }
}

module.exports = { Heartbeat }
