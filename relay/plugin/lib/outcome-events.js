'use strict'

// Events for what happened to a queued message after it was accepted: Haraka's outbound hooks
// (delivered, deferred, bounce) give the queue item (hmail) whose todo carries the transaction
// notes the plugin stored at DATA, so these events keep sender, credential and Message-ID.

const { makeEvent, recipientKey } = require('./events')

function addressText(address) {
  if (!address) return ''
  if (typeof address.address === 'function') return address.address()
  if (typeof address.address === 'string') return address.address
  return String(address).replace(/^<|>$/g, '')
}

function infoOf(hmail) {
  return hmail.todo?.notes?.switchyard ?? {}
}

function codeOf(rcpt) {
  const code = Number(rcpt.dsn_smtp_code || rcpt.dsn_code)
  return Number.isInteger(code) && code >= 200 && code <= 599 ? code : null
}

function deliveredEvents(hmail, okRecipients, response) {
  const info = infoOf(hmail)
  return okRecipients.map((rcpt) => {
    const recipient = addressText(rcpt)
    return makeEvent(`dlv.${hmail.todo.uuid}.${recipientKey(recipient)}`, 'delivered', info, { recipient, smtpCode: 250, detail: response })
  })
}

function deferredEvents(hmail, params) {
  const info = infoOf(hmail)
  const recipients = params?.fail_recips?.length ? params.fail_recips : hmail.todo.rcpt_to
  return recipients.map((rcpt) => {
    const recipient = addressText(rcpt)
    return makeEvent(`dfr.${hmail.todo.uuid}.${hmail.num_failures}.${recipientKey(recipient)}`, 'deferred', info, {
      recipient,
      smtpCode: codeOf(rcpt),
      enhancedCode: rcpt.dsn_status,
      detail: rcpt.dsn_smtp_response || String(params?.err ?? ''),
    })
  })
}

// hard: the next hop refused with 5xx; soft: it kept answering 4xx until the retries ran out.
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
