// @ts-check
'use strict'

// The suppression list (issue 15): recipients that hard-bounced, complained or were added by hand,
// for every sender or one. The snapshot carries SHA-256 keys of the lower-cased address (never the
// address); an RCPT to a suppressed recipient is refused 550 5.1.1 so the sending application
// learns, and its other recipients go on.

const { recipientKey } = require('./events')
const { verdict } = require('./checks')

/**
 * @typedef {import('../contract-types').PolicySnapshot} PolicySnapshot
 * @typedef {import('./checks').Verdict} Verdict
 */

/**
 * @typedef {object} Suppressed
 * @property {number} sinceMs
 * @property {string} reason
 * @property {number | null} expiresAtMs
 */

/**
 * @typedef {object} SuppressionIndex
 * @property {Map<string, Suppressed>} global            by address key
 * @property {Map<string, Map<string, Suppressed>>} senders  by sender id, then address key
 */

const KEY = /^[0-9a-f]{16}$/
const REASON_TEXT = /** @type {Record<string, string>} */ ({
  hard_bounce: 'hard bounce',
  complaint: 'complaint',
  manual: 'added by hand',
})

/**
 * @param {unknown} raw
 * @param {string} owner
 * @param {string[]} warnings
 * @returns {Map<string, Suppressed>}
 */
function entriesOf(raw, owner, warnings) {
  /** @type {Map<string, Suppressed>} */
  const map = new Map()
  if (!Array.isArray(raw)) return map
  let skipped = 0
  for (const e of raw) {
    if (!Array.isArray(e) || typeof e[0] !== 'string' || !KEY.test(e[0]) || !Number.isInteger(e[1])) {
      skipped++
      continue
    }
    map.set(e[0], {
      sinceMs: e[1] * 1000,
      reason: String(e[2]),
      expiresAtMs: Number.isInteger(e[3]) ? e[3] * 1000 : null,
    })
  }
  if (skipped) warnings.push(`suppressions of ${owner}: ${skipped} malformed entries skipped`)
  return map
}

/**
 * @param {PolicySnapshot['suppressions']} raw
 * @param {string[]} warnings
 * @returns {SuppressionIndex}
 */
function buildSuppressions(raw, warnings) {
  /** @type {SuppressionIndex} */
  const index = { global: entriesOf(raw?.global, 'every sender', warnings), senders: new Map() }
  for (const [senderId, list] of Object.entries(raw?.senders ?? {})) {
    index.senders.set(senderId, entriesOf(list, `sender ${senderId}`, warnings))
  }
  return index
}

/**
 * @param {Suppressed | undefined} entry
 * @param {number} now
 */
const live = (entry, now) => (entry && (entry.expiresAtMs === null || entry.expiresAtMs > now) ? entry : null)

// The sender's own suppression first (its wording says "for this sender"), then the global one.
/**
 * @param {SuppressionIndex} index
 * @param {string} senderId
 * @param {string} address
 * @param {number} now
 * @returns {Verdict | null}
 */
function checkSuppressed(index, senderId, address, now) {
  if (!address || (index.global.size === 0 && index.senders.size === 0)) return null
  const key = recipientKey(String(address).trim())
  const own = live(index.senders.get(senderId)?.get(key), now)
  const entry = own ?? live(index.global.get(key), now)
  if (!entry) return null
  const since = new Date(entry.sinceMs).toISOString().slice(0, 10)
  const scope = own ? 'for this sender' : 'for every sender'
  const why = REASON_TEXT[entry.reason] ?? entry.reason
  return verdict(
    'suppressed',
    550,
    '5.1.1',
    `<${address}>: suppressed ${scope} since ${since} (${why}); remove it in Switchyard to retry`,
  )
}

module.exports = { buildSuppressions, checkSuppressed }
