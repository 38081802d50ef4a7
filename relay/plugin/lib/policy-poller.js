// @ts-check
'use strict'

// Keeps the policy current: GET /policy with If-None-Match and ?wait=N (long-poll), so a change
// (a kill switch) arrives as soon as the control plane has it. 200 → apply and poll again at once;
// 304 → confirmed, poll again; anything else → retry, keeping the last good policy: every
// ~0.5–0.75 s while the control plane cannot be reached (refused, timed out, a gateway's 502/503/504:
// a refused connection costs nothing, and once it is back every relay has the current policy
// within a second), with exponential backoff while it answers with another error.

const { Backoff, sleeper } = require('./backoff')
const { relayRequest } = require('./http')
const { messageOf } = require('./errors')

/**
 * @typedef {import('../contract-types').PolicySnapshot} PolicySnapshot
 * @typedef {import('./settings').Settings} Settings
 * @typedef {import('./policy-state').PolicyState} PolicyState
 * @typedef {import('./policy-index').PolicyIndex} PolicyIndex
 * @typedef {import('./runtime').Log} Log
 */

// Polls that come back at once without a change (no ?wait, or a server ignoring it) are spaced.
const MIN_POLL_INTERVAL_MS = 500
const HTTP_SLACK_MS = 10 * 1000
// While unreachable: the poll itself (no wait) is the probe, bounded so a black hole costs little.
const PROBE_INTERVAL_MS = 500
const PROBE_JITTER_MS = 250
const PROBE_TIMEOUT_MS = 3 * 1000
// What a load balancer or proxy answers while no control plane is behind it.
const UNREACHABLE_STATUSES = new Set([502, 503, 504])

class PollError extends Error {
  /**
   * @param {string} message
   * @param {number} status
   */
  constructor(message, status) {
    super(message)
    this.status = status
  }
}

// A network error or timeout (fetch threw), or a gateway's answer.
/** @param {unknown} err */
function unreachable(err) {
  return !(err instanceof PollError) || UNREACHABLE_STATUSES.has(err.status)
}

function probeDelay() {
  return PROBE_INTERVAL_MS + Math.round(Math.random() * PROBE_JITTER_MS)
}

class PolicyPoller {
  /**
   * @param {object} options
   * @param {Settings} options.settings
   * @param {PolicyState} options.state
   * @param {Log} options.log
   * @param {(index: PolicyIndex | null) => void} [options.onApplied] after a new version is applied
   * @param {() => void} [options.onReachable] when the control plane answers again after failing
   */
  constructor({ settings, state, log, onApplied, onReachable }) {
    this.settings = settings
    this.state = state
    this.log = log
    this.onApplied = onApplied
    this.onReachable = onReachable
    this.backoff = new Backoff(settings.pollMaxBackoffMs)
    this.pause = sleeper()
    /** @type {AbortController | null} */
    this.controller = null
    this.stopped = false
    this.failing = false
  }

  start() {
    this.loop().catch((err) => this.log.error(`policy poller stopped: ${err.stack || err}`))
  }

  stop() {
    this.stopped = true
    this.controller?.abort(new Error('relay stopping'))
    this.pause.wake()
  }

  async pollOnce() {
    const known = this.state.version
    // After an outage, confirm at once (no wait) so the staleness clock restarts immediately.
    const waitS = known === null || this.failing ? 0 : this.settings.pollWaitS
    this.controller = new AbortController()
    const started = Date.now()
    const response = await relayRequest(this.settings, {
      path: `/policy${waitS > 0 ? `?wait=${waitS}` : ''}`,
      headers: known === null ? {} : { 'if-none-match': `"${known}"` },
      timeoutMs: this.failing ? PROBE_TIMEOUT_MS : waitS * 1000 + HTTP_SLACK_MS,
      signal: this.controller.signal,
    })
    let unchanged = true
    if (response.status === 304) {
      this.state.confirm()
    } else if (response.status === 200 && response.json) {
      // The contract's snapshot; buildPolicyIndex checks what the relay relies on.
      const snapshot = /** @type {PolicySnapshot} */ (response.json)
      unchanged = snapshot.version === known
      this.state.apply(snapshot)
      if (!unchanged) this.onApplied?.(this.state.index)
    } else {
      throw new PollError(
        response.status === 200 ? 'policy response is not JSON' : `policy request answered ${response.status}`,
        response.status,
      )
    }
    const elapsed = Date.now() - started
    if (unchanged && elapsed < MIN_POLL_INTERVAL_MS) await this.pause.sleep(MIN_POLL_INTERVAL_MS - elapsed)
  }

  async loop() {
    while (!this.stopped) {
      try {
        await this.pollOnce()
        if (this.failing) {
          this.log.notice('control plane reachable again')
          this.onReachable?.()
        }
        this.failing = false
        this.backoff.reset()
      } catch (err) {
        if (this.stopped) return
        const delay = unreachable(err) ? probeDelay() : this.backoff.next()
        if (!this.failing)
          this.log.warn(
            `policy poll failed (${messageOf(err)}); keeping policy version ${this.state.version ?? 'none'}, retrying`,
          )
        this.failing = true
        await this.pause.sleep(delay)
      }
    }
  }
}

module.exports = { PolicyPoller }
