'use strict'

// DKIM-signs a transaction with the domain's key from the policy (never from a file). RSA keys:
// rsa-sha256 with relaxed/relaxed canonicalization, the body hashed while the message arrives
// (watchBody, lib/dkim-body-hash.js), the header hash and signature made at the end of DATA —
// the signature header is the one haraka-plugin-dkim's DKIMSignStream writes, byte for byte.
// mailauth's signer does ed25519-sha256 (RFC 8463) over the buffered message.

const crypto = require('node:crypto')
const { Writable } = require('node:stream')
const { RelaxedBodyHash } = require('./dkim-body-hash')

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
const BODY_CANON = 'relaxed'

// Body hashers of watched transactions; not in txn.notes, which Haraka writes to the queue file.
const bodyHashes = new WeakMap()

// Called at MAIL FROM (before any data line): from then on every line stored for the message also
// feeds the body hash. The message stream keeps SMTP dot-stuffing, which the hasher undoes as the
// stream's replay does.
function watchBody(txn) {
  const stream = txn?.message_stream
  if (!stream || bodyHashes.has(txn)) return
  const hasher = new RelaxedBodyHash({ dotStuffed: true })
  const addLine = stream.add_line
  stream.add_line = function (line) {
    hasher.update(typeof line === 'string' ? Buffer.from(line) : line)
    return addLine.call(this, line)
  }
  bodyHashes.set(txn, hasher)
}

// A transaction that was not watched (the plugin watches every accepted MAIL FROM) has its stored
// message replayed (unstuffed) through the same hasher.
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

function bodyHashOf(txn) {
  const hasher = bodyHashes.get(txn)
  if (!hasher) return replayBodyHash(txn)
  bodyHashes.delete(txn)
  return Promise.resolve(hasher.digest())
}

// Relaxed header canonicalization of the signed headers, bottom-up for repeated names (RFC 6376
// §5.4.2), exactly as DKIMSignStream does it. Haraka keeps each value with its line break(s).
const NEEDS_CANON = /[\r\n]|[^\S ]|\s\s|\s$/

function canonicalValue(raw) {
  const value = raw.endsWith('\n') ? raw.slice(0, -1) : raw
  // Most values are one line with single spaces: canonical already.
  if (!NEEDS_CANON.test(value)) return value
  return raw.replace(/\r?\n/g, '').replace(/\s+/g, ' ').replace(/\s+$/, '')
}

function canonicalHeaders(header) {
  let text = ''
  const names = []
  for (const name of SIGNED_HEADERS) {
    const values = header.get_all(name)
    for (let i = values.length - 1; i >= 0; i--) {
      if (!values[i]) continue
      text += `${name}:${canonicalValue(values[i])}\r\n`
      names.push(name)
    }
  }
  return { text, names }
}

function fold(signature) {
  let out = signature.slice(0, 74)
  for (let i = 74; i < signature.length; i += 76) out += `\r\n\t${signature.slice(i, i + 76)}`
  return out
}

// The RSA signature (~1 ms of CPU) is made with crypto.sign's callback form, on libuv's thread
// pool, off the SMTP event loop.
async function signRsa(txn, dkim) {
  const bodyHash = await bodyHashOf(txn)
  const { text, names } = canonicalHeaders(txn.header)
  const c = `relaxed/${BODY_CANON}`
  const tags = `v=1; a=rsa-sha256; c=${c}; d=${dkim.domain}; s=${dkim.selector}; h=${names.join(':')}; bh=${bodyHash}; b=`
  const data = Buffer.from(`${text}dkim-signature:${tags}`)
  const signature = await new Promise((resolve, reject) => {
    crypto.sign('sha256', data, dkim.key, (err, sig) => (err ? reject(err) : resolve(sig)))
  })
  const folded = `v=1; a=rsa-sha256; c=${c};\r\n\td=${dkim.domain}; s=${dkim.selector};\r\n\th=${names.join(':')};\r\n\tbh=${bodyHash};\r\n\tb=`
  return folded + fold(signature.toString('base64'))
}

function messageBuffer(txn) {
  return new Promise((resolve) => txn.message_stream.get_data(resolve))
}

async function signEd25519(txn, dkim) {
  // Loaded on first use: mailauth is large and only Ed25519 keys need it.
  const { dkimSign } = require('mailauth')
  const message = await messageBuffer(txn)
  const result = await dkimSign(message, {
    canonicalization: `relaxed/${BODY_CANON}`,
    algorithm: 'ed25519-sha256',
    signatureData: [{ signingDomain: dkim.domain, selector: dkim.selector, privateKey: dkim.pem }],
    headerList: SIGNED_HEADERS,
  })
  if (result.errors?.length) throw new Error(result.errors.map((e) => e.err?.message || String(e.err || e)).join('; '))
  const header = result.signatures.trim()
  if (!header) throw new Error('mailauth produced no signature')
  return header.replace(/^DKIM-Signature:\s*/i, '')
}

// Adds the DKIM-Signature header; resolves to the signing domain.
async function signTransaction(txn, dkim) {
  const value = dkim.algorithm === 'ed25519' ? await signEd25519(txn, dkim) : await signRsa(txn, dkim)
  txn.add_leading_header('DKIM-Signature', value)
  return dkim.domain
}

module.exports = { signTransaction, watchBody, SIGNED_HEADERS }
