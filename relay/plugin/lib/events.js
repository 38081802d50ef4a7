// @ts-check
'use strict'

// Relay events (relayEventSchema) with deterministic ids, so a retried batch — or a hook that
// runs again for the same queue file after a restart — is deduplicated by the control plane:
//   rej.<connection uuid>.<n>          rejection n of an authenticated connection (MAIL, DATA)
//   agg.<process id>.<window>.<n>      unauthenticated refusals of one client IP and window, with
//                                      a count (refusal-aggregator.js)
//   acc.<transaction uuid>.<rcpt>      accepted, one per recipient
//   dlv.<queue item uuid>.<rcpt>       delivered
//   dfr.<queue item uuid>.<attempt>.<rcpt>  deferred (attempt = Haraka's failure count)
//   bnc.<queue item uuid>.<rcpt>       bounced
// <rcpt> is the first 16 hex digits of SHA-256 of the lower-cased recipient address.

const crypto = require('node:crypto')

/**
 * @typedef {import('../contract-types').RelayEvent} RelayEvent
 * @typedef {import('../contract-types').EventType} EventType
 * @typedef {import('../contract-types').RejectReason} RejectReason
 * @typedef {import('./checks').Verdict} Verdict
 */

/**
 * What events say about a session and its message, from the notes the plugin keeps on a
 * connection or transaction (null: not known, or differing between aggregated attempts).
 * @typedef {object} SessionInfo
 * @property {string | null} [username]
 * @property {string | null} [credentialId]
 * @property {string | null} [senderId]
 * @property {string} [clientIp]
 * @property {number | null} [policyVersion]
 * @property {string | null} [from]
 * @property {string} [messageId]
 * @property {string} [queueId]
 */

/**
 * The notes of an accepted MAIL FROM, kept on its transaction (and so in Haraka's queue file);
 * the end of DATA adds the Message-ID and queue id.
 * @typedef {SessionInfo & { senderId: string, credentialId: string, policyVersion: number, from: string }} MessageInfo
 */

/**
 * The fields of one event type (makeEvent).
 * @typedef {object} EventExtra
 * @property {string} [at]
 * @property {string} [recipient]
 * @property {RejectReason} [reason]
 * @property {number | null} [smtpCode]
 * @property {string} [enhancedCode]
 * @property {'hard' | 'soft'} [bounceType]
 * @property {string} [detail]
 * @property {boolean | null} [tls]
 * @property {number} [count]
 */

const MAX_DETAIL = 1000

// crypto.hash (node ≥ 20.12) is the one-shot form, a third of createHash's cost.
/** @type {(text: string) => string} */
const sha256Hex = crypto.hash
  ? (text) => crypto.hash('sha256', text, 'hex')
  : (text) => crypto.createHash('sha256').update(text).digest('hex')

/** @param {string} address */
function recipientKey(address) {
  return sha256Hex(String(address).toLowerCase()).slice(0, 16)
}

/** @param {string} text */
function cleanId(text) {
  return String(text)
    .replace(/[^A-Za-z0-9._:-]/g, '')
    .slice(0, 100)
}

/**
 * @param {unknown} text
 * @param {number} max
 */
function truncate(text, max) {
  if (text === undefined || text === null) return null
  const s = String(text)
  return s.length > max ? s.slice(0, max) : s
}

const ENHANCED_CODE = /^[245]\.\d{1,3}\.\d{1,3}$/

// One literal (no spreads): events are made twice per message.
/**
 * @param {string} id
 * @param {EventType} type
 * @param {SessionInfo} info
 * @param {EventExtra} [extra]
 * @returns {RelayEvent}
 */
function makeEvent(id, type, info, extra = {}) {
  return {
    id: cleanId(id),
    type,
    at: extra.at ?? new Date().toISOString(),
    // common fields, from the notes the plugin keeps on a connection or transaction
    messageId: truncate(info.messageId, 998),
    queueId: truncate(info.queueId, 200),
    senderId: info.senderId ?? null,
    credentialId: info.credentialId ?? null,
    username: truncate(info.username, 200),
    clientIp: truncate(info.clientIp, 64),
    from: truncate(info.from, 320),
    policyVersion:
      typeof info.policyVersion === 'number' && Number.isInteger(info.policyVersion) ? info.policyVersion : null,
    recipient: truncate(extra.recipient, 320),
    reason: extra.reason ?? null,
    smtpCode: typeof extra.smtpCode === 'number' && Number.isInteger(extra.smtpCode) ? extra.smtpCode : null,
    enhancedCode: extra.enhancedCode && ENHANCED_CODE.test(extra.enhancedCode) ? extra.enhancedCode : null,
    bounceType: extra.bounceType ?? null,
    detail: truncate(extra.detail, MAX_DETAIL),
    // Delivered (and deferred) events: over TLS or not; null when not known.
    tls: extra.tls ?? null,
    // Only aggregated refusals stand for more than one attempt (JSON leaves undefined out).
    count: extra.count !== undefined && extra.count > 1 ? extra.count : undefined,
  }
}

/**
 * @param {string} id
 * @param {SessionInfo} info
 * @param {Verdict} verdict
 * @param {{ at?: string, count?: number }} [options]
 */
function rejectedEvent(id, info, verdict, { at, count } = {}) {
  return makeEvent(id, 'rejected', info, {
    reason: verdict.reason,
    smtpCode: verdict.code,
    enhancedCode: verdict.enhanced,
    detail: verdict.detail ?? verdict.text,
    at,
    count,
  })
}

// detail: what the content check did with it (quarantined, tagged, accepted unscanned), if anything.
/**
 * @param {string} transactionUuid
 * @param {SessionInfo} info
 * @param {string[]} recipients
 * @param {string} [detail]
 */
function acceptedEvents(transactionUuid, info, recipients, detail) {
  return recipients.map((rcpt) =>
    makeEvent(`acc.${transactionUuid}.${recipientKey(rcpt)}`, 'accepted', info, {
      recipient: rcpt,
      smtpCode: 250,
      enhancedCode: '2.0.0',
      detail,
    }),
  )
}

module.exports = { makeEvent, rejectedEvent, acceptedEvents, recipientKey }
