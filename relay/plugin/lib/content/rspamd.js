// @ts-check
'use strict'

// An rspamd client of our own: POST /checkv2 with the envelope in rspamd's request headers, within
// a deadline. It fails closed: a refused connection, a timeout, an HTTP error or a reply without a
// numeric score is { status: 'error' }, never a low score.
//
// The User header is left out unless asked for: rspamd treats a message with User as sent by an
// authenticated user, and its stock modules skip many checks for those (check_authed is off by
// default in hfilter, RBL, SPF, DMARC, greylist, once_received, ...). Everything this relay carries
// is authenticated submission, so sending User would exempt all of it from much of the scanning.

const http = require('node:http')

/**
 * @typedef {object} RspamdOptions
 * @property {string} url            the normal worker, e.g. 'http://127.0.0.1:11333'
 * @property {number} [timeoutMs]    for the whole request; default 30 s
 * @property {boolean} [sendUser]    send the User header (see above); default false
 */

/**
 * What rspamd is told about the message, besides the message itself.
 * @typedef {object} RspamdEnvelope
 * @property {string} [ip]         the client's address
 * @property {string} [hostname]   the client's host name (reverse DNS)
 * @property {string} [helo]
 * @property {string} [from]       envelope sender
 * @property {string[]} [rcpt]     envelope recipients, one Rcpt header each
 * @property {string} [queueId]
 * @property {string} [user]       the authenticated user; sent only with options.sendUser
 */

/**
 * @typedef {{ status: 'scored', score: number, requiredScore: number, action: string, symbols: string[] }
 *   | { status: 'error', detail: string }} RspamdResult
 */

const DEFAULT_TIMEOUT_MS = 30_000
const MAX_REPLY_BYTES = 1024 * 1024

// rspamd reads header values as raw bytes (UTF-8 addresses included); Node writes a string's
// characters as Latin-1, so hand it the UTF-8 bytes that way. Line breaks and other controls go.
/** @param {string} value */
function headerValue(value) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  return Buffer.from(value.replace(/[\u0000-\u001f\u007f]/g, ' '), 'utf8').toString('latin1')
}

/**
 * @param {RspamdOptions} options
 * @param {RspamdEnvelope} envelope
 * @param {number} length
 * @returns {Record<string, string | string[]>}
 */
function requestHeaders(options, envelope, length) {
  /** @type {Record<string, string | string[]>} */
  const headers = { 'Content-Length': String(length) }
  /** @type {[string, string | undefined][]} */
  const single = [
    ['IP', envelope.ip],
    ['Hostname', envelope.hostname],
    ['Helo', envelope.helo],
    ['From', envelope.from],
    ['Queue-Id', envelope.queueId],
  ]
  if (options.sendUser) single.push(['User', envelope.user])
  for (const [name, value] of single) if (value) headers[name] = headerValue(value)
  // Node writes an array as one header line per value, which is how rspamd wants recipients.
  const rcpt = (envelope.rcpt ?? []).filter(Boolean).map(headerValue)
  if (rcpt.length > 0) headers.Rcpt = rcpt
  return headers
}

/**
 * What a /checkv2 reply means; anything without a numeric score and required score is an error.
 * @param {string} body
 * @returns {RspamdResult}
 */
function parseReply(body) {
  /** @type {unknown} */
  let json
  try {
    json = JSON.parse(body)
  } catch {
    return { status: 'error', detail: 'rspamd: reply is not JSON' }
  }
  if (typeof json !== 'object' || json === null) return { status: 'error', detail: 'rspamd: reply is not an object' }
  const reply = /** @type {Record<string, unknown>} */ (json)
  if (typeof reply.error === 'string') return { status: 'error', detail: `rspamd: ${reply.error}` }
  const { score, required_score: requiredScore, action, symbols } = reply
  if (typeof score !== 'number' || !Number.isFinite(score)) {
    return { status: 'error', detail: 'rspamd: no score in the reply' }
  }
  if (typeof requiredScore !== 'number' || !Number.isFinite(requiredScore)) {
    return { status: 'error', detail: 'rspamd: no required score in the reply' }
  }
  if (typeof action !== 'string') return { status: 'error', detail: 'rspamd: no action in the reply' }
  const names = typeof symbols === 'object' && symbols !== null ? Object.keys(symbols).sort() : []
  return { status: 'scored', score, requiredScore, action, symbols: names }
}

/**
 * Asks rspamd to score a message. Never throws; an error is never a score.
 * @param {RspamdOptions} options
 * @param {Uint8Array} message   the whole message, headers and body
 * @param {RspamdEnvelope} [envelope]
 * @returns {Promise<RspamdResult>}
 */
function check(options, message, envelope = {}) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return new Promise((resolve) => {
    /** @type {http.ClientRequest | undefined} */
    let request
    let settled = false
    /** @param {RspamdResult} result */
    const finish = (result) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      request?.destroy()
      resolve(result)
    }
    const late = () => finish({ status: 'error', detail: `rspamd: no reply within ${timeoutMs} ms` })
    const timer = setTimeout(late, timeoutMs)
    try {
      const url = new URL('/checkv2', options.url)
      request = http.request(url, { method: 'POST', headers: requestHeaders(options, envelope, message.length) })
    } catch (err) {
      finish({ status: 'error', detail: `rspamd: ${err instanceof Error ? err.message : String(err)}` })
      return
    }
    request.on('error', (err) => finish({ status: 'error', detail: `rspamd: ${err.message}` }))
    request.on('response', (response) => {
      /** @type {Buffer[]} */
      const chunks = []
      let bytes = 0
      response.on('data', (chunk) => {
        bytes += chunk.length
        if (bytes > MAX_REPLY_BYTES) finish({ status: 'error', detail: 'rspamd: reply too long' })
        else chunks.push(chunk)
      })
      response.on('error', (err) => finish({ status: 'error', detail: `rspamd: ${err.message}` }))
      response.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8')
        if (response.statusCode !== 200) {
          const status = `${response.statusCode} ${response.statusMessage ?? ''}`.trim()
          finish({ status: 'error', detail: `rspamd: HTTP ${status}` })
        } else {
          finish(parseReply(body))
        }
      })
    })
    request.end(message)
  })
}

/**
 * Whether rspamd's worker answers GET /ping with "pong".
 * @param {RspamdOptions} options
 * @returns {Promise<{ ok: true } | { ok: false, detail: string }>}
 */
async function ping(options) {
  try {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 5000)
    const response = await fetch(new URL('/ping', options.url), { signal })
    const text = (await response.text()).trim()
    if (response.ok && text === 'pong') return { ok: true }
    return { ok: false, detail: `rspamd: ping answered ${response.status} ${text.slice(0, 100)}` }
  } catch (err) {
    return { ok: false, detail: `rspamd: ${err instanceof Error ? err.message : String(err)}` }
  }
}

module.exports = { check, ping, parseReply }
