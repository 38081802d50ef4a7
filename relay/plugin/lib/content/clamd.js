// @ts-check
'use strict'

// A clamd client of our own: INSTREAM over TCP or a unix socket, in chunks, within one deadline.
// It fails closed: a refused connection, a timeout, clamd's "INSTREAM size limit exceeded" or any
// reply it does not recognise is { status: 'error' }, never 'clean'. Only "stream: OK" is clean.

const net = require('node:net')

/**
 * Where clamd listens (socketPath wins over host/port) and how long one command may take.
 * @typedef {object} ClamdOptions
 * @property {string} [socketPath]
 * @property {string} [host]         default 127.0.0.1
 * @property {number} [port]         default 3310
 * @property {number} [timeoutMs]    for the whole command: connect, send, reply; default 30 s
 * @property {number} [chunkBytes]   INSTREAM chunk size; default 64 KB
 */

/**
 * @typedef {{ status: 'clean' }
 *   | { status: 'infected', signature: string }
 *   | { status: 'error', detail: string }} ClamdResult
 */

/**
 * @typedef {{ status: 'ok', engine: string, signatureVersion: number | null, signatureDate: Date | null, raw: string }
 *   | { status: 'error', detail: string }} ClamdVersion
 */

const DEFAULT_TIMEOUT_MS = 30_000
const DEFAULT_CHUNK_BYTES = 64 * 1024
// clamd's replies are one short line; anything longer is not clamd.
const MAX_REPLY_BYTES = 4096

/** @param {unknown} err */
function messageOf(err) {
  return err instanceof Error ? err.message : String(err)
}

/** @param {ClamdOptions} options */
function connectOptions(options) {
  if (options.socketPath) return { path: options.socketPath }
  return { host: options.host ?? '127.0.0.1', port: options.port ?? 3310 }
}

/**
 * Sends one NUL-terminated command ("z" form), then feeds the socket with `send` and resolves with
 * clamd's reply (without the NUL). Rejects on connection errors, the deadline, or a reply that is
 * too long. A complete reply that arrives while we are still sending wins over the write error
 * that follows (clamd answers "size limit exceeded" and closes while the client still streams).
 * @param {ClamdOptions} options
 * @param {string} command      e.g. 'PING', 'INSTREAM'
 * @param {(socket: net.Socket) => Promise<void>} [send]
 * @returns {Promise<{ reply: string, sent: boolean }>} sent: whether `send` had finished by then
 */
function exchange(options, command, send) {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return new Promise((resolve, reject) => {
    const socket = net.connect(connectOptions(options))
    /** @type {Buffer[]} */
    const received = []
    let receivedBytes = 0
    let settled = false
    let sent = !send
    /** @param {(() => void)} settle */
    const finish = (settle) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      settle()
    }
    const reply = () => Buffer.concat(received).toString('utf8')
    const timer = setTimeout(() => finish(() => reject(new Error(`no reply within ${timeoutMs} ms`))), timeoutMs)
    socket.on('data', (chunk) => {
      received.push(chunk)
      receivedBytes += chunk.length
      if (chunk.includes(0)) finish(() => resolve({ reply: reply().split('\0')[0], sent }))
      else if (receivedBytes > MAX_REPLY_BYTES) finish(() => reject(new Error('reply too long')))
    })
    socket.on('end', () => {
      // clamd closed without the NUL: take what it said, if anything.
      if (receivedBytes > 0) finish(() => resolve({ reply: reply(), sent }))
      else finish(() => reject(new Error('connection closed without a reply')))
    })
    // A reply cut off by an error is not trusted (a partial "stream: OK" must not pass as clean).
    socket.on('error', (err) => {
      const partial = receivedBytes > 0 ? ` after a partial reply ${JSON.stringify(reply().slice(0, 200))}` : ''
      // Rarely the broken pipe is seen before clamd's "size limit exceeded" reply is read.
      const code = 'code' in err ? err.code : ''
      const closed = code === 'EPIPE' || code === 'ECONNRESET'
      const hint = closed ? ' (clamd closed the connection; over StreamMaxLength?)' : ''
      finish(() => reject(new Error(`${err.message}${partial}${hint}`)))
    })
    socket.on('connect', () => {
      socket.write(`z${command}\0`)
      send?.(socket).then(
        () => {
          sent = true
        },
        (err) => finish(() => reject(err)),
      )
    })
  })
}

/**
 * Writes and waits for the socket to take it (back pressure), or fails if the socket went away.
 * @param {net.Socket} socket
 * @param {Uint8Array} data
 * @returns {Promise<void>}
 */
async function write(socket, data) {
  // Let pending reads run first: once clamd has answered (e.g. "size limit exceeded") the socket
  // is done and nothing more is written, so its reply is what we report, not our EPIPE.
  await new Promise((resolve) => setImmediate(resolve))
  return new Promise((resolve, reject) => {
    if (socket.destroyed) {
      reject(new Error('connection closed while sending'))
      return
    }
    socket.write(data, (err) => (err ? reject(err) : resolve()))
  })
}

/**
 * The INSTREAM body: each chunk prefixed with its length (4 bytes, big-endian), then a zero length.
 * @param {Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>} content
 * @param {number} chunkBytes
 * @returns {(socket: net.Socket) => Promise<void>}
 */
function instream(content, chunkBytes) {
  /** @param {net.Socket} socket @param {Uint8Array} piece */
  const sendPiece = async (socket, piece) => {
    for (let at = 0; at < piece.length; at += chunkBytes) {
      const chunk = piece.subarray(at, at + chunkBytes)
      const length = Buffer.alloc(4)
      length.writeUInt32BE(chunk.length)
      await write(socket, Buffer.concat([length, chunk]))
    }
  }
  return async (socket) => {
    if (content instanceof Uint8Array) await sendPiece(socket, content)
    else for await (const piece of content) await sendPiece(socket, piece)
    await write(socket, Buffer.alloc(4))
  }
}

/**
 * What an INSTREAM reply means. Only the exact clean reply is clean.
 * @param {string} reply
 * @returns {ClamdResult}
 */
function parseScanReply(reply) {
  const line = reply.trim()
  if (line === 'stream: OK') return { status: 'clean' }
  const found = /^stream: (.+) FOUND$/.exec(line)
  if (found) return { status: 'infected', signature: found[1] }
  if (line.endsWith('ERROR')) return { status: 'error', detail: `clamd: ${line}` }
  return { status: 'error', detail: `clamd: unexpected reply ${JSON.stringify(line.slice(0, 200))}` }
}

/**
 * Scans content with clamd. Never throws; never says clean unless clamd said so.
 * @param {ClamdOptions} options
 * @param {Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>} content
 * @returns {Promise<ClamdResult>}
 */
async function scan(options, content) {
  try {
    const body = instream(content, options.chunkBytes ?? DEFAULT_CHUNK_BYTES)
    const { reply, sent } = await exchange(options, 'INSTREAM', body)
    const result = parseScanReply(reply)
    // clamd answers only after the end of the stream (errors aside): "clean" before it is no verdict.
    if (result.status === 'clean' && !sent) {
      return { status: 'error', detail: 'clamd: answered before the end of the stream' }
    }
    return result
  } catch (err) {
    return { status: 'error', detail: `clamd: ${messageOf(err)}` }
  }
}

/**
 * Whether clamd answers PING with PONG.
 * @param {ClamdOptions} options
 * @returns {Promise<{ ok: true } | { ok: false, detail: string }>}
 */
async function ping(options) {
  try {
    const reply = (await exchange(options, 'PING')).reply.trim()
    return reply === 'PONG' ? { ok: true } : { ok: false, detail: `clamd: unexpected reply ${JSON.stringify(reply)}` }
  } catch (err) {
    return { ok: false, detail: `clamd: ${messageOf(err)}` }
  }
}

/**
 * "ClamAV 1.4.6/27423/Tue Oct 21 07:35:01 2025": engine, signature database version and date
 * (the date is what "signature age" is measured from). Without an official database clamd says
 * only "ClamAV 1.4.6": version and date are then null.
 * @param {string} reply
 * @returns {ClamdVersion}
 */
function parseVersion(reply) {
  const line = reply.trim()
  const match = /^ClamAV ([^/]+)(?:\/(\d+)\/(.+))?$/.exec(line)
  if (!match) return { status: 'error', detail: `clamd: unexpected reply ${JSON.stringify(line.slice(0, 200))}` }
  // clamd prints the date in its local time zone without saying which; the relay runs in UTC.
  const date = match[3] ? new Date(`${match[3]} UTC`) : null
  return {
    status: 'ok',
    engine: match[1],
    signatureVersion: match[2] ? Number(match[2]) : null,
    signatureDate: date && !Number.isNaN(date.getTime()) ? date : null,
    raw: line,
  }
}

/**
 * @param {ClamdOptions} options
 * @returns {Promise<ClamdVersion>}
 */
async function version(options) {
  try {
    return parseVersion((await exchange(options, 'VERSION')).reply)
  } catch (err) {
    return { status: 'error', detail: `clamd: ${messageOf(err)}` }
  }
}

module.exports = { scan, ping, version, parseScanReply, parseVersion }
