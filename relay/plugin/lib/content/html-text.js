// @ts-check
'use strict'

// HTML body → the text a reader sees, for DLP. One forward pass with indexOf and literal searches
// (no backtracking pattern ever runs over the whole input, so hostile HTML costs linear time):
// script, style and head are dropped, block elements become line breaks, table cells a space,
// inline tags nothing (so <b>4111</b>1111… stays one number), character references are decoded,
// invisible characters (zero-width, soft hyphen) removed and white space collapsed. Where the HTML
// is broken (a tag, comment or script never closed) the rest is kept as text: scanning too much
// is safe, dropping text a scanner should have seen is not.

const { NAMED_ENTITIES } = require('./html-entities')

const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'br', 'caption', 'center', 'dd', 'details',
  'dialog', 'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html', 'legend', 'li', 'main', 'nav', 'ol', 'option',
  'p', 'pre', 'section', 'summary', 'table', 'tbody', 'tfoot', 'thead', 'title', 'tr', 'ul',
])
const CELL = new Set(['td', 'th'])
// Elements whose content is never shown, and where it ends. head also ends where body starts.
/** @type {Record<string, RegExp>} */
const HIDDEN = {
  script: /<\/script[\s>/]/gi,
  style: /<\/style[\s>/]/gi,
  head: /<\/head[\s>/]|<body[\s>/]/gi,
  template: /<\/template[\s>/]/gi,
}
const ENTITY_NAME_MAX = 32

/** @param {number} c */
const isAsciiLetter = (c) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
/** @param {number} c */
const isNameChar = (c) => isAsciiLetter(c) || (c >= 48 && c <= 57)

/** @param {number} code */
function fromCodePoint(code) {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd'
  return String.fromCodePoint(code)
}

/**
 * Decodes character references: &name; (the common ones), &#123; and &#x7b; (the ';' may be
 * missing after a number, as browsers allow).
 * @param {string} text
 */
function decodeEntities(text) {
  let amp = text.indexOf('&')
  if (amp < 0) return text
  let out = ''
  let from = 0
  for (; amp >= 0; amp = text.indexOf('&', amp + 1)) {
    let end = amp + 1
    let value = null
    if (text.charCodeAt(end) === 35) {
      const hex = (text.charCodeAt(end + 1) | 32) === 120
      end += hex ? 2 : 1
      const digitsFrom = end
      const digit = hex ? /[0-9a-fA-F]/ : /[0-9]/
      while (end - digitsFrom < 8 && end < text.length && digit.test(text[end])) end++
      if (end > digitsFrom) value = fromCodePoint(Number.parseInt(text.slice(digitsFrom, end), hex ? 16 : 10))
      if (value !== null && text.charCodeAt(end) === 59) end++
    } else {
      while (end - amp <= ENTITY_NAME_MAX && isNameChar(text.charCodeAt(end))) end++
      const name = text.slice(amp + 1, end)
      if (text.charCodeAt(end) === 59 && Object.hasOwn(NAMED_ENTITIES, name)) {
        value = NAMED_ENTITIES[name]
        end++
      }
    }
    if (value === null) continue
    out += text.slice(from, amp) + value
    from = end
    amp = end - 1
  }
  return out + text.slice(from)
}

/**
 * Collapses white space: runs without a line break → one space, runs with one → one line break;
 * invisible characters go. Each pattern is a single character class run: linear.
 * @param {string} text
 */
function collapseWhitespace(text) {
  return text
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]+/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n\s*/g, '\n')
    .trim()
}

/**
 * @param {string} html
 * @returns {string}
 */
function htmlToText(html) {
  /** @type {string[]} */
  const out = []
  let i = 0
  const text = (/** @type {number} */ to) => {
    if (to > i) out.push(decodeEntities(html.slice(i, to)))
  }
  while (i < html.length) {
    const lt = html.indexOf('<', i)
    if (lt < 0) break
    const next = html.charCodeAt(lt + 1)
    const closing = next === 47
    if (next === 33 || next === 63) {
      // Comment, doctype, CDATA, processing instruction: dropped; unclosed → the rest is text.
      const comment = html.startsWith('<!--', lt)
      const end = comment ? html.indexOf('-->', lt + 4) : html.indexOf('>', lt + 2)
      if (end < 0) break
      text(lt)
      i = end + (comment ? 3 : 1)
      continue
    }
    if (!isAsciiLetter(closing ? html.charCodeAt(lt + 2) : next)) {
      // A '<' that starts no tag is text.
      text(lt + 1)
      i = lt + 1
      continue
    }
    const gt = html.indexOf('>', lt)
    if (gt < 0) break // no tag can close after here: the rest is text
    text(lt)
    let nameEnd = lt + (closing ? 2 : 1)
    while (nameEnd < gt && isNameChar(html.charCodeAt(nameEnd))) nameEnd++
    const name = html.slice(lt + (closing ? 2 : 1), nameEnd).toLowerCase()
    i = gt + 1
    if (BLOCK.has(name)) out.push('\n')
    else if (CELL.has(name)) out.push(' ')
    const hidden = !closing && Object.hasOwn(HIDDEN, name) ? HIDDEN[name] : null
    if (hidden && html.charCodeAt(gt - 1) !== 47) {
      hidden.lastIndex = i
      const end = hidden.exec(html)
      // Never closed: keep what follows as text rather than drop it unscanned.
      if (end) i = end.index
    }
  }
  text(html.length)
  return collapseWhitespace(out.join(''))
}

module.exports = { htmlToText, decodeEntities, collapseWhitespace }
