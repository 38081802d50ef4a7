// @ts-check
'use strict'

// The relay's signed tag on every message it accepts, so a feedback-loop complaint can be tied to
// the sender that really sent the message: X-Switchyard-Tag: v=1; s=<sender id>; q=<queue id>;
// t=<HMAC-SHA256>, keyed with the snapshot's messageTagKey (derived by the control plane from its
// deployment secret) over the sender, the queue id and the Message-ID. Any X-Switchyard-* header
// the client wrote is removed first: those names are the relay's alone. Verified by
// lib/complaints/message-tag.ts in the control plane (same format, kept in step by its test).

const crypto = require('node:crypto')

/**
 * @typedef {import('../haraka').Transaction} Transaction
 * @typedef {{ senderId: string, queueId: string, messageId: string }} TagFields
 */

const TAG_HEADER = 'X-Switchyard-Tag'
const OWN_HEADER = /^x-switchyard-/i

// The Message-ID as feedback reports carry it back: <id>, no white space (lib/complaints/mime.ts).
/** @param {string | null | undefined} value */
function normalizeMessageId(value) {
  const text = String(value || '')
  const angled = /<([^<>]+)>/.exec(text)
  return `<${(angled ? angled[1] : text).trim().replace(/\s+/g, '')}>`
}

/**
 * @param {Buffer} key
 * @param {TagFields} fields
 */
function tagMac(key, { senderId, queueId, messageId }) {
  return crypto
    .createHmac('sha256', key)
    .update(`v1\n${senderId}\n${queueId}\n${normalizeMessageId(messageId)}`)
    .digest('base64url')
}

/**
 * @param {Buffer} key
 * @param {TagFields} fields
 */
function tagValue(key, fields) {
  return `v=1; s=${fields.senderId}; q=${fields.queueId}; t=${tagMac(key, fields)}`
}

// Removes every X-Switchyard-* field, also written with white space before the colon.
/** @param {Transaction} txn */
function stripOwnHeaders(txn) {
  for (const name of Object.keys(txn.header.headers)) if (OWN_HEADER.test(name)) txn.remove_header(name)
  // In place: the message stream holds this very array.
  const list = txn.header.header_list
  const before = list.length
  for (let i = list.length - 1; i >= 0; i--) if (OWN_HEADER.test(list[i])) list.splice(i, 1)
  if (list.length !== before) txn.reset_headers()
}

/**
 * @param {Transaction} txn
 * @param {Buffer} key
 * @param {TagFields} fields
 */
function addTag(txn, key, fields) {
  txn.add_header(TAG_HEADER, tagValue(key, fields))
}

module.exports = { stripOwnHeaders, addTag, tagValue, TAG_HEADER }
