// @ts-check
'use strict'

// The policy the relay enforces right now: the index built from the last good snapshot, when it
// was applied, and when the control plane last confirmed it (200 or 304). Staleness is measured
// from that confirmation; past the maximum the relay refuses mail it cannot judge.

const { buildPolicyIndex } = require('./policy-index')
const { loadPolicy, savePolicy } = require('./policy-store')
const { messageOf } = require('./errors')

/**
 * @typedef {import('../contract-types').PolicySnapshot} PolicySnapshot
 * @typedef {import('./policy-index').PolicyIndex} PolicyIndex
 * @typedef {import('./runtime').Log} Log
 */

// A 304 only moves checkedAt; rewriting the whole file for that is throttled.
const CHECKED_WRITE_INTERVAL_MS = 10 * 1000

class PolicyState {
  /** @param {{ stateDir: string, maxStalenessMs: number, log: Log }} options */
  constructor({ stateDir, maxStalenessMs, log }) {
    this.stateDir = stateDir
    this.maxStalenessMs = maxStalenessMs
    this.log = log
    /** @type {PolicyIndex | null} */
    this.index = null
    /** @type {PolicySnapshot | null} */
    this.snapshot = null
    /** @type {number | null} ms */
    this.appliedAt = null
    /** @type {number | null} ms of the control plane's last confirmation */
    this.checkedAt = null
    this.lastWriteAt = 0
    // What the applied snapshot held that the relay skipped (sent in the heartbeat).
    /** @type {string[]} */
    this.warnings = []
  }

  // One log line per skipped entry, when a snapshot is applied.
  /** @param {PolicyIndex} index */
  adopt(index) {
    this.index = index
    this.warnings = index.warnings
    for (const w of index.warnings) this.log.warn(`policy version ${index.version}: ${w}`)
  }

  // The snapshot kept on disk by an earlier run; its checkedAt keeps counting towards staleness.
  loadFromDisk() {
    let stored
    try {
      stored = loadPolicy(this.stateDir)
    } catch (err) {
      this.log.error(`cannot read the stored policy: ${messageOf(err)}`)
      return false
    }
    if (!stored) return false
    try {
      this.adopt(buildPolicyIndex(stored.snapshot, (m) => this.log.warn(m)))
    } catch (err) {
      this.log.error(`stored policy is unusable: ${messageOf(err)}`)
      return false
    }
    this.snapshot = stored.snapshot
    this.checkedAt = stored.checkedAt
    this.appliedAt = stored.appliedAt
    this.log.info(
      `loaded policy version ${this.version} from disk (confirmed ${new Date(this.checkedAt).toISOString()})`,
    )
    return true
  }

  get version() {
    return this.index ? this.index.version : null
  }

  // The index if it may be used to judge mail at `now`, else null.
  /**
   * @param {number} [now]
   * @returns {PolicyIndex | null}
   */
  usableIndex(now = Date.now()) {
    if (!this.index || this.checkedAt === null) return null
    return now - this.checkedAt <= this.maxStalenessMs ? this.index : null
  }

  // Builds the new index first; only a snapshot that builds replaces the current one.
  /**
   * @param {PolicySnapshot} snapshot
   * @param {number} [now]
   */
  apply(snapshot, now = Date.now()) {
    const index = buildPolicyIndex(snapshot, (m) => this.log.warn(m))
    const previous = this.version
    this.adopt(index)
    this.snapshot = snapshot
    this.appliedAt = now
    this.checkedAt = now
    this.persist(now)
    if (previous !== null && index.version < previous)
      this.log.warn(`policy version went back from ${previous} to ${index.version}`)
    this.log.info(
      `applied policy version ${index.version} (${index.senders.size} senders, ${index.credentials.size} credentials)`,
    )
    return index
  }

  /** @param {number} [now] */
  confirm(now = Date.now()) {
    this.checkedAt = now
    if (now - this.lastWriteAt >= CHECKED_WRITE_INTERVAL_MS) this.persist(now)
  }

  /** @param {number} now */
  persist(now) {
    try {
      savePolicy(this.stateDir, { snapshot: this.snapshot, checkedAt: this.checkedAt, appliedAt: this.appliedAt })
      this.lastWriteAt = now
    } catch (err) {
      this.log.error(`cannot store the policy on disk: ${messageOf(err)}`)
    }
  }
}

module.exports = { PolicyState }
