// @ts-check
'use strict'

// The content scanners' state for the heartbeat's `scanners` field: clamd (VERSION: engine
// version and signature date, so the dashboard can show the signatures' age) and rspamd (/ping).
// Checked in the background before each heartbeat; the heartbeat sends the last answer. A scanner
// that is not configured is listed as down when a content profile of the policy needs it.

const clamd = require('./content/clamd')
const rspamd = require('./content/rspamd')
const { MAX_HEARTBEAT_WARNING_LENGTH } = require('./contract')

/**
 * @typedef {import('./settings').Settings} Settings
 * @typedef {import('./policy-index').PolicyIndex} PolicyIndex
 * @typedef {NonNullable<import('../contract-types').HeartbeatBody['scanners']>[number]} ScannerState
 */

const CHECK_TIMEOUT_MS = 3000

/** @param {string} text */
const clip = (text) => text.slice(0, MAX_HEARTBEAT_WARNING_LENGTH)

class ScannerStatus {
  /**
   * @param {object} options
   * @param {Pick<Settings, 'clamd' | 'rspamd'>} options.settings
   * @param {() => PolicyIndex | null} options.policy
   */
  constructor({ settings, policy }) {
    this.settings = settings
    this.policy = policy
    /** @type {Map<'clamd' | 'rspamd', ScannerState>} */
    this.last = new Map()
    this.checking = false
  }

  // Which scanners the current policy's profiles use.
  needed() {
    const profiles = [...(this.policy()?.contentProfiles.values() ?? [])]
    return { clamd: profiles.some((p) => p.virusScan), rspamd: profiles.some((p) => p.spamScan) }
  }

  /** @returns {Promise<ScannerState>} */
  async checkClamd() {
    const options = this.settings.clamd
    if (!options) return { name: 'clamd', up: false, version: null, signatureDate: null, detail: 'not configured' }
    const v = await clamd.version({ ...options, timeoutMs: CHECK_TIMEOUT_MS })
    if (v.status === 'error')
      return { name: 'clamd', up: false, version: null, signatureDate: null, detail: clip(v.detail) }
    return {
      name: 'clamd',
      up: true,
      version: v.engine.slice(0, 200),
      signatureDate: v.signatureDate ? v.signatureDate.toISOString() : null,
      detail: v.signatureVersion === null ? 'no official signature database (local signatures only)' : null,
    }
  }

  /** @returns {Promise<ScannerState>} */
  async checkRspamd() {
    const options = this.settings.rspamd
    if (!options) return { name: 'rspamd', up: false, version: null, signatureDate: null, detail: 'not configured' }
    const p = await rspamd.ping({ ...options, timeoutMs: CHECK_TIMEOUT_MS })
    return { name: 'rspamd', up: p.ok, version: null, signatureDate: null, detail: p.ok ? null : clip(p.detail) }
  }

  // Refreshes in the background (one check at a time).
  refresh() {
    if (this.checking) return Promise.resolve()
    this.checking = true
    return Promise.all([this.checkClamd(), this.checkRspamd()])
      .then(([c, r]) => {
        this.last.set('clamd', c)
        this.last.set('rspamd', r)
      })
      .finally(() => {
        this.checking = false
      })
  }

  // Configured scanners, and unconfigured ones a profile needs.
  /** @returns {ScannerState[]} */
  states() {
    const needed = this.needed()
    /** @type {ScannerState[]} */
    const out = []
    for (const name of /** @type {const} */ (['clamd', 'rspamd'])) {
      if (!this.settings[name] && !needed[name]) continue
      const state = this.last.get(name)
      if (state) out.push(state)
    }
    return out
  }
}

module.exports = { ScannerStatus }
