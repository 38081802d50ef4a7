// @ts-check
'use strict'

// What the relay does with a scanned message: the strongest action across the findings —
// reject > quarantine > require_tls > tag — with a scanner that could not answer placed between
// reject and the rest when the profile says 'defer' (a definite reject still wins: deferring a
// message that is refused anyway only makes the sender try again). Weaker actions are not lost
// under a stronger one: every rule that fired is named in the tag header, and a require_tls
// finding still forces TLS when a quarantined message is released. Pure: no I/O.

/**
 * @typedef {import('./types').Finding} Finding
 * @typedef {import('./scan-message').ScanFailure} ScanFailure
 * @typedef {import('../../contract-types').RejectReason} RejectReason
 */

/**
 * @typedef {object} ContentVerdict
 * @property {'reject' | 'defer' | 'quarantine' | 'deliver'} outcome
 * @property {Finding | null} rejectedBy       the finding the 550 names (outcome 'reject')
 * @property {ScanFailure[]} failures          what could not be checked
 * @property {boolean} unscanned               failures accepted (onScannerFailure 'accept')
 * @property {boolean} requireTls              deliver only over verified TLS
 * @property {string[]} ruleNames              every rule that fired, once each (tag header)
 * @property {Finding[]} findings
 */

// Which finding a reject names when several reject: the one the sender can least argue with.
const KIND_ORDER = ['virus', 'attachment', 'dlp', 'spam']

/**
 * @param {Finding[]} findings
 * @param {ScanFailure[]} failures
 * @param {'defer' | 'accept'} onScannerFailure
 * @returns {ContentVerdict}
 */
function decide(findings, failures, onScannerFailure) {
  const ruleNames = [...new Set(findings.map((f) => f.ruleName))]
  const requireTls = findings.some((f) => f.action === 'require_tls')
  const rejects = findings
    .filter((f) => f.action === 'reject')
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind))
  const base = { failures, requireTls, ruleNames, findings, rejectedBy: null, unscanned: false }
  if (rejects.length) return { ...base, outcome: 'reject', rejectedBy: rejects[0] }
  if (failures.length && onScannerFailure !== 'accept') return { ...base, outcome: 'defer' }
  const unscanned = failures.length > 0
  if (findings.some((f) => f.action === 'quarantine')) return { ...base, unscanned, outcome: 'quarantine' }
  return { ...base, unscanned, outcome: 'deliver' }
}

/** @param {Finding['kind']} kind @returns {RejectReason} */
function reasonOf(kind) {
  return kind
}

// The 550's text: names the rule, never what matched (a virus is named by its signature, which
// is clamd's name for it, not content of the message).
/** @param {Finding} f */
function rejectText(f) {
  if (f.kind === 'virus') return `Message refused by content policy: virus found (${f.samples[0]?.redacted ?? 'clamd'})`
  if (f.kind === 'spam') return 'Message refused by content policy: spam score over the limit'
  if (f.kind === 'attachment') return `Message refused by content policy: attachment rule "${f.ruleName}"`
  return `Message refused by content policy: DLP rule "${f.ruleName}"`
}

// The event's detail: the rule, where and how often — samples stay out (the quarantine report
// carries them, redacted).
/** @param {Finding} f */
function findingDetail(f) {
  return `${f.kind} rule "${f.ruleName}" in ${f.where} (${f.count} match${f.count === 1 ? '' : 'es'})`
}

/** @param {ScanFailure[]} failures */
function scannerNames(failures) {
  const names = [...new Set(failures.map((f) => (f.scanner === 'size' ? 'message too large to scan' : f.scanner)))]
  return names.join(', ')
}

// X-Switchyard-Content: the rules that fired, and what was not scanned.
/** @param {ContentVerdict} v */
function tagValue(v) {
  const parts = []
  if (v.ruleNames.length) parts.push(v.ruleNames.join(', '))
  if (v.unscanned) parts.push(`not scanned: ${scannerNames(v.failures)}`)
  return parts
    .join('; ')
    .replace(/[\r\n]+/g, ' ')
    .slice(0, 900)
}

module.exports = { decide, reasonOf, rejectText, findingDetail, scannerNames, tagValue }
