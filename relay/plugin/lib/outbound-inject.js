// @ts-check
'use strict'

// Hands a released quarantine message to Haraka's outbound queue, as if it had just been
// accepted: the original envelope, the stored bytes (already tagged and DKIM-signed), and notes
// that say which quarantine entry it is (hook_delivered reports it delivered) and whether it must
// go over TLS. Haraka's modules are required lazily: this runs inside the Haraka process only.
//
// Why not outbound.send_email: with a stream it does not dot-stuff the lines it reads (a body line
// starting with "." would lose it at the next hop), and with a string it would re-encode 8-bit
// bytes. Here each line goes in as a Buffer, stuffed the way Transaction.add_data expects.
//
// The transaction's uuid is the quarantine id, so the queue id (and the delivered events' ids) of
// a release are known before and stay the same if a crash makes the relay release it again.

const fs = require('node:fs/promises')
const path = require('node:path')

/**
 * @typedef {import('./quarantine-store').QuarantineEntry} QuarantineEntry
 * @typedef {import('./quarantine').Outbound} Outbound
 */

const CR = 0x0d
const LF = 0x0a
const DOT = 0x2e

/**
 * The message as Transaction.add_data takes it: CRLF lines, a leading "." doubled.
 * @param {Buffer} raw  not dot-stuffed
 * @returns {Buffer[]}
 */
function wireLines(raw) {
  /** @type {Buffer[]} */
  const lines = []
  let at = 0
  while (at < raw.length) {
    const lf = raw.indexOf(LF, at)
    const end = lf === -1 ? raw.length : lf
    const content = raw.subarray(at, end > at && raw[end - 1] === CR ? end - 1 : end)
    const stuffed = content[0] === DOT ? Buffer.concat([Buffer.from('.'), content]) : content
    lines.push(Buffer.concat([stuffed, Buffer.from('\r\n')]))
    at = end + 1
  }
  return lines
}

/**
 * @param {string} queueDir  Haraka's outbound queue directory
 * @returns {Outbound}
 */
function harakaOutbound(queueDir) {
  return {
    inject(entry, raw) {
      const outbound = require('Haraka/outbound')
      const transactions = require('Haraka/transaction')
      const { OK } = require('haraka-constants')
      const { Address } = require('@haraka/email-address')
      const txn = transactions.createTransaction(entry.id, {})
      txn.mail_from = new Address(`<${entry.from}>`)
      txn.rcpt_to = entry.recipients.map((/** @type {string} */ r) => new Address(`<${r}>`))
      txn.notes = {
        ...entry.notes,
        switchyard_quarantine: entry.id,
      }
      for (const line of wireLines(raw)) txn.add_data(line)
      txn.message_stream.add_line_end()
      return new Promise((resolve, reject) => {
        outbound.send_trans_email(txn, (/** @type {number} */ code, /** @type {string} */ message) =>
          code === OK ? resolve(txn.uuid) : reject(new Error(`outbound queue refused the release: ${message}`)),
        )
      })
    },

    // A queue file starts with a 4-byte length and the JSON of its todo (outbound/index.js build_todo).
    async findQueued(id) {
      let names
      try {
        names = await fs.readdir(queueDir)
      } catch {
        return null
      }
      for (const name of names) {
        if (name.startsWith('.') || name.startsWith('__tmp__')) continue
        try {
          const handle = await fs.open(path.join(queueDir, name), 'r')
          try {
            const head = Buffer.alloc(4)
            await handle.read(head, 0, 4, 0)
            const length = head.readUInt32BE(0)
            if (length > 10 * 1024 * 1024) continue
            const todo = Buffer.alloc(length)
            await handle.read(todo, 0, length, 4)
            const parsed = JSON.parse(todo.toString('utf8'))
            if (parsed?.notes?.switchyard_quarantine === id) return String(parsed.uuid).replace(/\.\d+$/, '')
          } finally {
            await handle.close()
          }
        } catch {
          // a file being written or removed meanwhile: not the one
        }
      }
      return null
    },
  }
}

module.exports = { harakaOutbound, wireLines }
