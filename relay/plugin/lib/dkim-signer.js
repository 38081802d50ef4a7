// @ts-check
'use strict'

// DKIM-signs a transaction with the domain's key from the policy (never from a file):
// rsa-sha256 or ed25519-sha256 (RFC 8463) with relaxed/relaxed canonicalization, the body hashed
// while the message arrives (watchBody, lib/dkim-body-hash.js), the header hash and signature made
// at the end of DATA, in haraka-plugin-dkim's DKIMSignStream layout. Identity headers are
// oversigned (named once more in h= than present, RFC 6376 §8.15), so a second From (or
// Reply-To, Sender, Subject) added after signing breaks the signature instead of riding on it.

const crypto = require('node:crypto')
const { Writable } = require('node:stream')
const { RelaxedBodyHash } = require('./dkim-body-hash')

/**
 * @typedef {import('../haraka').Transaction} Transaction
 * @typedef {import('../haraka').Header} Header
 * @typedef {import('../haraka').MessageStream} MessageStream
 * @typedef {import('./policy-index').DkimKey} DkimKey
 */

const SIGNED_HEADERS = [
  'from',
  'sender',
  'reply-to',
  'subject',
  'date',
  'message-id',
  'to',
  'cc',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'list-unsubscribe',
  'list-unsubscribe-post',
]
const OVERSIGNED = new Set(['from', 'sender', 'reply-to', 'subject'])
const BODY_CANON = 'relaxed'
const ALGORITHMS = { rsa: 'rsa-sha256', ed25519: 'ed25519-sha256' }

// Body hashers of watched transactions; not in txn.notes, which Haraka writes to the queue file.
/** @type {WeakMap<Transaction, RelaxedBodyHash>} */
const bodyHashes = new WeakMap()

// Called at MAIL FROM (before any data line): from then on every line stored for the message also
// feeds the body hash. The message stream keeps SMTP dot-stuffing, which the hasher undoes as the
// stream's replay does.
/** @param {Transaction | null | undefined} txn */
function watchBody(txn) {
  const stream = txn?.message_stream
  if (!stream || bodyHashes.has(txn)) return
  const hasher = new RelaxedBodyHash({ dotStuffed: true })
  const addLine = stream.add_line
  /**
   * @this {MessageStream}
   * @param {Buffer | string} line
   */
  stream.add_line = function (line) {
    hasher.update(typeof line === 'string' ? Buffer.from(line) : line)
    return addLine.call(this, line)
  }
  bodyHashes.set(txn, hasher)
}

// A transaction that was not watched (the plugin watches every accepted MAIL FROM) has its stored
// message replayed (unstuffed) through the same hasher.
/**
 * @param {Transaction} txn
 * @returns {Promise<string>}
 */
function replayBodyHash(txn) {
  return new Promise((resolve, reject) => {
    const hasher = new RelaxedBodyHash()
    const sink = new Writable({
      write(chunk, _encoding, done) {
        hasher.update(chunk)
        done()
      },
    })
    sink.once('finish', () => resolve(hasher.digest()))
    sink.once('error', reject)
    txn.message_stream.pipe(sink, {})
  })
}

/**
 * @param {Transaction} txn
 * @returns {Promise<string>}
 */
function bodyHashOf(txn) {
  const hasher = bodyHashes.get(txn)
  if (!hasher) return replayBodyHash(txn)
  bodyHashes.delete(txn)
  return Promise.resolve(hasher.digest())
}

// Relaxed header canonicalization of the signed headers, bottom-up for repeated names (RFC 6376
// §5.4.2), exactly as DKIMSignStream does it. Haraka keeps each value with its line break(s).
const NEEDS_CANON = /[\r\n]|[^\S ]|\s\s|\s$/

/** @param {string} raw */
function canonicalValue(raw) {
  const value = raw.endsWith('\n') ? raw.slice(0, -1) : raw
  // Most values are one line with single spaces: canonical already.
  if (!NEEDS_CANON.test(value)) return value
  return raw.replace(/\r?\n/g, '').replace(/\s+/g, ' ').replace(/\s+$/, '')
}

/** @param {Header} header */
function canonicalHeaders(header) {
  let text = ''
  /** @type {string[]} */
  const names = []
  for (const name of SIGNED_HEADERS) {
    const values = header.get_all(name)
    for (let i = values.length - 1; i >= 0; i--) {
      if (!values[i]) continue
      text += `${name}:${canonicalValue(values[i])}\r\n`
      names.push(name)
    }
    // The extra name stands for an instance that does not exist: it adds nothing to the hash.
    if (OVERSIGNED.has(name)) names.push(name)
  }
  return { text, names }
}

/** @param {string} signature */
function fold(signature) {
  let out = signature.slice(0, 74)
  for (let i = 74; i < signature.length; i += 76) out += `\r\n\t${signature.slice(i, i + 76)}`
  return out
}

// RSA signs the header data with SHA-256; Ed25519 signs its SHA-256 digest (RFC 8463 §3). The
// signature (~1 ms of CPU for RSA) is made with crypto.sign's callback form, on libuv's thread
// pool, off the SMTP event loop.
/**
 * @param {DkimKey} dkim
 * @param {Buffer} data
 * @returns {Promise<Buffer>}
 */
function signData(dkim, data) {
  return new Promise((resolve, reject) => {
    /** @type {(err: Error | null, sig: Buffer) => void} */
    const done = (err, sig) => (err ? reject(err) : resolve(sig))
    if (dkim.algorithm === 'ed25519')
      crypto.sign(null, crypto.createHash('sha256').update(data).digest(), dkim.key, done)
    else crypto.sign('sha256', data, dkim.key, done)
  })
}

/**
 * @param {Transaction} txn
 * @param {DkimKey} dkim
 */
async function signatureValue(txn, dkim) {
  const bodyHash = await bodyHashOf(txn)
  const { text, names } = canonicalHeaders(txn.header)
  const a = ALGORITHMS[dkim.algorithm]
  if (!a) throw new Error(`unsupported key type ${dkim.algorithm}`)
  const c = `relaxed/${BODY_CANON}`
  const tags = `v=1; a=${a}; c=${c}; d=${dkim.domain}; s=${dkim.selector}; h=${names.join(':')}; bh=${bodyHash}; b=`
  const signature = await signData(dkim, Buffer.from(`${text}dkim-signature:${tags}`))
  const folded = `v=1; a=${a}; c=${c};\r\n\td=${dkim.domain}; s=${dkim.selector};\r\n\th=${names.join(':')};\r\n\tbh=${bodyHash};\r\n\tb=`
  return folded + fold(signature.toString('base64'))
}

// Adds the DKIM-Signature header; resolves to the signing domain.
/**
 * @param {Transaction} txn
 * @param {DkimKey} dkim
 */
async function signTransaction(txn, dkim) {
  const value = await signatureValue(txn, dkim)
  txn.add_leading_header('DKIM-Signature', value)
  return dkim.domain
}

module.exports = { signTransaction, watchBody, SIGNED_HEADERS, OVERSIGNED }
