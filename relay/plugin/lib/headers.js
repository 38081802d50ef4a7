'use strict'

// Header helpers for the end-of-DATA checks.

const { parseFrom } = require('@haraka/email-address')

// Every address of the From header(s); empty when missing or unparseable (then refused).
function headerFromAddresses(header) {
  const values = header.get_all('From')
  if (values.length !== 1) return []
  try {
    return parseFrom(values[0].trim())
      .map((a) => a.address)
      .filter(Boolean)
  } catch {
    return []
  }
}

// A Message-ID is needed to correlate events; add one (before signing) when the client did not.
function ensureMessageId(txn, domain) {
  const existing = txn.header.get('Message-ID').trim()
  if (existing && existing !== '<>') return existing
  if (existing) txn.remove_header('Message-ID')
  const id = `<${txn.uuid}@${domain}>`
  txn.add_header('Message-ID', id)
  return id
}

module.exports = { headerFromAddresses, ensureMessageId }
