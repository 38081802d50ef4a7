// @ts-check
'use strict'

// Events for what happened to a queued message after it was accepted: Haraka's outbound hooks
// (delivered, deferred, bounce) give the queue item (hmail) whose todo carries the transaction
// notes the plugin stored at DATA, so these events keep sender, credential and Message-ID.

const { makeEvent, recipientKey } = require('./events')

/**
 * @typedef {import('../haraka').HMailItem} HMailItem
 * @typedef {import('../haraka').OutboundRecipient} OutboundRecipient
 * @typedef {import('../haraka').DeferredParams} DeferredParams
 * @typedef {import('../haraka').BounceError} BounceError
 * @typedef {import('./events').SessionInfo} SessionInfo
 */

// An address as Haraka hands it over: an Address (address a getter, or a method in older
// versions) or its text, possibly in angle brackets.
/** @param {string | { address: string | (() => string) } | null | undefined} address */
function addressText(address) {
  if (!address) return ''
  if (typeof address === 'object') {
    if (typeof address.address === 'function') return address.address()
    if (typeof address.address === 'string') return address.address
  }
  return String(address).replace(/^<|>$/g, '')
}

/**
 * @param {HMailItem} hmail
 * @returns {SessionInfo}
 */
function infoOf(hmail) {
  return hmail.todo?.notes?.switchyard ?? {}
}

/** @param {OutboundRecipient} rcpt */
function codeOf(rcpt) {
  const code = Number(rcpt.dsn_smtp_code || rcpt.dsn_code)
  return Number.isInteger(code) && code >= 200 && code <= 599 ? code : null
}

// Whether the message went out over TLS is the event's `tls` field (what the control plane counts
// per recipient domain); the detail also starts with "TLS; " or "no TLS; " for people reading it.
/**
 * @param {HMailItem} hmail
 * @param {OutboundRecipient[]} okRecipients
 * @param {string} response
 * @param {boolean} [secured]  delivered over TLS (hook_delivered's params)
 */
function deliveredEvents(hmail, okRecipients, response, secured) {
  const info = infoOf(hmail)
  const detail = secured === undefined ? response : `${secured ? 'TLS' : 'no TLS'}; ${response}`
  return okRecipients.map((rcpt) => {
    const recipient = addressText(rcpt)
    return makeEvent(`dlv.${hmail.todo.uuid}.${recipientKey(recipient)}`, 'delivered', info, {
      recipient,
      smtpCode: 250,
      detail,
      tls: secured === undefined ? null : secured,
    })
  })
}

// A delivery that had to use verified TLS (tls-enforcement.js; Haraka sets hmail.force_tls for the
// attempt) and was deferred carries reason "tls": it found no STARTTLS, a certificate that did not
// verify (Haraka then only says "Tried all MXs"), or no next hop at all — never sent in clear.
/**
 * @param {HMailItem} hmail
 * @param {DeferredParams | undefined} params
 */
function deferredEvents(hmail, params) {
  const info = infoOf(hmail)
  const recipients = params?.fail_recips?.length ? params.fail_recips : hmail.todo.rcpt_to
  const error = String(params?.err ?? '')
  const forced = hmail.force_tls === true
  return recipients.map((rcpt) => {
    const recipient = addressText(rcpt)
    const detail = rcpt.dsn_smtp_response || error
    return makeEvent(`dfr.${hmail.todo.uuid}.${hmail.num_failures}.${recipientKey(recipient)}`, 'deferred', info, {
      recipient,
      smtpCode: codeOf(rcpt),
      enhancedCode: rcpt.dsn_status,
      detail: forced ? `TLS required: ${detail}` : detail,
      ...(forced ? { reason: /** @type {const} */ ('tls') } : {}),
    })
  })
}

// hard: the next hop refused with 5xx; soft: it kept answering 4xx until the retries ran out.
/**
 * @param {HMailItem} hmail
 * @param {BounceError | undefined} err
 */
function bouncedEvents(hmail, err) {
  const info = infoOf(hmail)
  const recipients = err?.bounced_rcpt?.length ? err.bounced_rcpt : hmail.todo.rcpt_to
  return recipients.map((rcpt) => {
    const recipient = addressText(rcpt)
    const code = codeOf(rcpt)
    return makeEvent(`bnc.${hmail.todo.uuid}.${recipientKey(recipient)}`, 'bounced', info, {
      recipient,
      smtpCode: code,
      enhancedCode: rcpt.dsn_status,
      bounceType: code !== null && code < 500 ? 'soft' : 'hard',
      detail: rcpt.dsn_smtp_response || rcpt.dsn_msg || String(err?.message ?? ''),
    })
  })
}

module.exports = { deliveredEvents, deferredEvents, bouncedEvents, addressText }
