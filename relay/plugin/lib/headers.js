// @ts-check
'use strict'

// Header helpers for the end-of-DATA checks.

const { parseFrom } = require('@haraka/email-address')

/**
 * @typedef {import('../haraka').Header} Header
 * @typedef {import('../haraka').Transaction} Transaction
 */

// A From field Haraka's parser does not see as From but a mail reader may display: obsolete syntax
// with white space before the colon ("From :", RFC 5322 §4.5.3). header_list keeps every field.
const FROM_VARIANT = /^from[ \t]+:/i

// Why the message's From cannot be judged, or null: the header check must judge the very From the
// recipient sees, so a variant it cannot parse or a second From is refused, not skipped.
/**
 * @param {Header} header
 * @returns {string | null}
 */
function fromHeaderProblem(header) {
  if (header.header_list.some((line) => FROM_VARIANT.test(line)))
    return 'Header From with white space before the colon ("From :") is not allowed'
  const count = header.get_all('From').length
  if (count > 1) return `Header From must appear once, found ${count}`
  return null
}

// Every address of the From header(s); empty when missing or unparseable (then refused).
/**
 * @param {Header} header
 * @returns {string[]}
 */
function headerFromAddresses(header) {
  const values = header.get_all('From')
  if (values.length !== 1) return []
  try {
    // A group (no address of its own) is left out.
    return parseFrom(values[0].trim())
      .map((a) => ('address' in a ? a.address : ''))
      .filter(Boolean)
  } catch {
    return []
  }
}

// A Message-ID is needed to correlate events; add one (before signing) when the client did not.
/**
 * @param {Transaction} txn
 * @param {string} domain
 */
function ensureMessageId(txn, domain) {
  const existing = txn.header.get('Message-ID').trim()
  if (existing && existing !== '<>') return existing
  if (existing) txn.remove_header('Message-ID')
  const id = `<${txn.uuid}@${domain}>`
  txn.add_header('Message-ID', id)
  return id
}

module.exports = { headerFromAddresses, fromHeaderProblem, ensureMessageId }
