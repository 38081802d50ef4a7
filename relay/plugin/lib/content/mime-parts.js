// @ts-check
'use strict'

// The parts of one message the content rules look at: subject, text and HTML bodies (decoded,
// in their charset) and attachments (name, declared type, decoded bytes), with forwarded messages
// (message/rfc822) opened too, a few levels deep.
//
// Haraka's own MIME parser (haraka-email-message's Body, what txn.parse_body would run) is fed
// the finished message once, at the end of DATA, instead of setting parse_body on the transaction:
// the relay needs the whole message as bytes anyway for clamd and rspamd, the message Haraka
// stores and delivers stays byte for byte what the client sent (parse_body re-writes every line
// through the parser, and the DKIM body hash is taken from the lines as they arrive), and only
// mail of senders with a content profile pays for parsing.

const { Body, Header } = require('haraka-email-message')

/**
 * @typedef {object} MessageAttachment
 * @property {string | null} filename
 * @property {string | null} contentType
 * @property {Buffer} bytes
 */

/**
 * @typedef {object} MessageParts
 * @property {string} subject
 * @property {string[]} texts    text/plain bodies (and other inline text/*)
 * @property {string[]} htmls    text/html bodies, as HTML
 * @property {MessageAttachment[]} attachments
 */

/**
 * Haraka's Body, as far as this module walks it.
 * @typedef {object} BodyNode
 * @property {string} bodytext
 * @property {string | null} ct
 * @property {string} state
 * @property {{ get_decoded(name: string): string }} header
 * @property {BodyNode[]} children
 * @property {(line?: Buffer) => Buffer} parse_end
 */

// message/rfc822 inside message/rfc822 inside the message: deeper nesting is left to clamd.
const MAX_NESTED_MESSAGES = 3

// Every name a part gives itself (Content-Disposition filename, Content-Type name, RFC 2231 forms
// as Haraka decodes them): a mail client may show any one of them, so each is checked.
const NAME_PARAM = /(?:^|[;\s])(?:file)?name\s*=\s*(?:"([^"]*)"|([^";\s]+))/gi

/**
 * @param {BodyNode} node
 * @returns {string[]}
 */
function namesOf(node) {
  const names = new Set()
  for (const header of ['content-disposition', 'content-type']) {
    const value = node.header.get_decoded(header)
    for (const m of value.matchAll(NAME_PARAM)) {
      const name = (m[1] ?? m[2] ?? '').trim()
      if (name) names.add(name)
    }
  }
  return [...names]
}

/** @param {string | null | undefined} contentType */
function mediaTypeOf(contentType) {
  return String(contentType ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase()
}

// Header lines as Haraka's Header.parse takes them: "\n"-terminated strings, one per physical line.
/**
 * @param {Buffer} raw
 * @returns {{ header: Header, bodyStart: number }}
 */
function parseHeader(raw) {
  /** @type {string[]} */
  const lines = []
  let at = 0
  while (at < raw.length) {
    const lf = raw.indexOf(0x0a, at)
    const end = lf === -1 ? raw.length : lf + 1
    const line = raw.toString('utf8', at, end)
    at = end
    if (/^\r?\n?$/.test(line)) break
    lines.push(line.replace(/\r?\n$/, '\n'))
  }
  const header = new Header()
  header.parse(lines)
  return { header, bodyStart: at }
}

// A multipart whose closing boundary never came leaves its last part open: end it (and what
// is open inside it) the way the closing boundary would have.
/** @param {BodyNode} node */
function closeOpenParts(node) {
  for (const child of node.children) closeOpenParts(child)
  const last = node.children[node.children.length - 1]
  if (last && node.state === 'child') last.parse_end()
}

/**
 * @param {Buffer} raw  the whole message, headers and body, not dot-stuffed
 * @param {number} [depth]
 * @returns {MessageParts}
 */
function messageParts(raw, depth = 0) {
  const { header, bodyStart } = parseHeader(raw)
  /** @type {MessageParts} */
  const parts = { subject: header.get_decoded('subject').trim(), texts: [], htmls: [], attachments: [] }
  const body = new Body(header)
  body.on(
    'attachment_start',
    /**
     * @param {string} contentType
     * @param {string} _filename  Haraka's pick of one name; namesOf takes them all
     * @param {BodyNode} node
     * @param {import('node:stream').Stream} stream
     */
    (contentType, _filename, node, stream) => {
      /** @type {Buffer[]} */
      const chunks = []
      let done = false
      stream.on('data', (/** @type {Buffer} */ chunk) => chunks.push(chunk))
      stream.on('end', () => {
        if (done) return
        done = true
        const bytes = Buffer.concat(chunks)
        const names = namesOf(node)
        for (const filename of names.length ? names : [null]) parts.attachments.push({ filename, contentType, bytes })
      })
    },
  )
  // Line by line, CR removed, as Transaction.add_data feeds it (parse_body).
  let at = bodyStart
  while (at < raw.length) {
    const lf = raw.indexOf(0x0a, at)
    const end = lf === -1 ? raw.length : lf + 1
    let lineEnd = end
    if (lf !== -1 && lf > at && raw[lf - 1] === 0x0d) lineEnd = lf
    const line = lineEnd === end ? raw.subarray(at, end) : Buffer.concat([raw.subarray(at, lineEnd), LF])
    body.parse_more(line)
    at = end
  }
  const root = /** @type {BodyNode} */ (/** @type {unknown} */ (body))
  closeOpenParts(root)
  root.parse_end()
  collect(root, parts, depth)
  return parts
}

const LF = Buffer.from('\n')

/**
 * @param {BodyNode} node
 * @param {MessageParts} parts
 * @param {number} depth
 */
function collect(node, parts, depth) {
  if (node.children.length) {
    for (const child of node.children) collect(child, parts, depth)
    return
  }
  const type = mediaTypeOf(node.ct)
  // Attachments were taken from their stream; inline text parts are in bodytext.
  if (node.state === 'attachment' || !node.bodytext) return
  if (type === 'message/rfc822' || type === 'message/global') {
    if (depth < MAX_NESTED_MESSAGES) merge(parts, messageParts(Buffer.from(node.bodytext, 'utf8'), depth + 1))
    else parts.texts.push(node.bodytext)
  } else if (type === 'text/html') {
    parts.htmls.push(node.bodytext)
  } else {
    parts.texts.push(node.bodytext)
  }
}

/**
 * @param {MessageParts} into
 * @param {MessageParts} inner
 */
function merge(into, inner) {
  if (inner.subject) into.texts.push(inner.subject)
  into.texts.push(...inner.texts)
  into.htmls.push(...inner.htmls)
  into.attachments.push(...inner.attachments)
}

// Attached messages (.eml, message/rfc822 as an attachment) are opened like forwarded ones.
/**
 * @param {MessageParts} parts
 * @param {number} [depth]
 */
function openAttachedMessages(parts, depth = 0) {
  for (const a of [...parts.attachments]) {
    const type = mediaTypeOf(a.contentType)
    const eml = /\.eml$/i.test(a.filename ?? '')
    if ((type === 'message/rfc822' || eml) && depth < MAX_NESTED_MESSAGES) {
      const inner = messageParts(a.bytes, depth + 1)
      openAttachedMessages(inner, depth + 1)
      merge(parts, inner)
    }
  }
  return parts
}

/**
 * @param {Buffer} raw  the whole message, not dot-stuffed
 * @returns {MessageParts}
 */
function extractParts(raw) {
  return openAttachedMessages(messageParts(raw))
}

module.exports = { extractParts, mediaTypeOf }
