'use strict'

// DKIM-signs a transaction with the domain's key from the policy (never from a file). RSA keys
// use haraka-plugin-dkim's DKIMSignStream (rsa-sha256, streaming); it cannot do ed25519, so
// those keys use mailauth's signer (ed25519-sha256, RFC 8463) over the buffered message.

const crypto = require('node:crypto')
const { DKIMSignStream } = require('haraka-plugin-dkim/lib/dkim')

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
const SIGNATURE_MARK = 'SWITCHYARD-DKIM-SIGNATURE'

// The signature goes where DKIMSignStream would put it: after "b=", folded like the library does.
function fold(signature) {
  let out = signature.slice(0, 74)
  for (let i = 74; i < signature.length; i += 76) out += `\r\n\t${signature.slice(i, i + 76)}`
  return out
}

// DKIMSignStream computes the body hash while the message streams through, then signs on the
// event loop. Its signer is swapped for a recorder, and the RSA signature (~0.5 ms of CPU per
// message) is made with crypto.sign's callback form, on libuv's thread pool, off the SMTP loop.
function signRsa(txn, dkim) {
  return new Promise((resolve, reject) => {
    const props = { domain: dkim.domain, selector: dkim.selector, private_key: dkim.key, headers: SIGNED_HEADERS, body_canon: BODY_CANON }
    const signed = []
    const stream = new DKIMSignStream(props, txn.header, (err, header) => {
      txn.message_stream.unpipe()
      if (err) return reject(err)
      crypto.sign('sha256', Buffer.concat(signed), dkim.key, (signErr, signature) => {
        if (signErr) reject(signErr)
        else resolve(header.replace(SIGNATURE_MARK, fold(signature.toString('base64'))))
      })
    })
    stream.signer = { update: (data) => signed.push(Buffer.from(data, 'utf8')), sign: () => SIGNATURE_MARK }
    txn.message_stream.pipe(stream, {})
  })
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

module.exports = { signTransaction, SIGNED_HEADERS }
