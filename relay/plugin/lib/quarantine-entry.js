// @ts-check
'use strict'

// The quarantine store's entry for a transaction the content verdict holds: envelope, sender,
// headers, the findings (samples already redacted by the engine) and the notes its release will
// carry (who sent it, whether it must go over TLS).

const crypto = require('node:crypto')
const { addressText } = require('./outcome-events')

/**
 * @typedef {import('../haraka').Transaction} Transaction
 * @typedef {import('./content-check').ContentCheck} ContentCheck
 * @typedef {import('./quarantine-store').QuarantineEntry} QuarantineEntry
 */

const MAX_HEADERS = 200

// "Name: value" lines (folded lines joined) as [name, value] pairs, in order.
/** @param {string[]} lines */
function headerPairs(lines) {
  /** @type {[string, string][]} */
  const pairs = []
  for (const line of lines.slice(0, MAX_HEADERS)) {
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    pairs.push([
      line.slice(0, colon).trim(),
      line
        .slice(colon + 1)
        .replace(/\r?\n[ \t]*/g, ' ')
        .trim(),
    ])
  }
  return pairs
}

/**
 * @param {Transaction} txn
 * @param {Buffer} raw  the message as it would have been delivered
 * @param {ContentCheck} check
 * @returns {QuarantineEntry}
 */
function quarantineEntry(txn, raw, check) {
  const info = txn.notes.switchyard
  const v = check.verdict
  const holding = [...new Set(v.findings.filter((f) => f.action === 'quarantine').map((f) => f.ruleName))]
  const now = new Date().toISOString()
  return {
    id: crypto.randomUUID(),
    state: 'held',
    queueId: txn.uuid,
    messageId: info?.messageId ?? null,
    senderId: info?.senderId ?? null,
    credentialId: info?.credentialId ?? null,
    from: info?.from ?? addressText(txn.mail_from),
    recipients: txn.rcpt_to.map(addressText),
    subject: txn.header.get_decoded('subject').trim() || null,
    sizeBytes: raw.length,
    verdict: `quarantined by ${holding.map((n) => `"${n}"`).join(', ')}`,
    findings: v.findings,
    headers: headerPairs(txn.header.header_list),
    receivedAt: now,
    notes: { switchyard: info, ...(v.requireTls ? { switchyard_require_tls: true } : {}) },
    reported: false,
    reportRefused: null,
    releasedQueueId: null,
    unsettled: [],
    updatedAt: now,
  }
}

module.exports = { quarantineEntry, headerPairs }
