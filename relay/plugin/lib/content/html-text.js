// @ts-check
'use strict'

// HTML body → the text a reader sees, for DLP. A few passes, each linear whatever the input (an
// indexOf, a literal search, or a pattern that cannot backtrack far; see each): script, style,
// head and comments are dropped, block elements become line breaks, table cells a space,
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
// Elements whose content is never shown, and where it ends. head also ends where body starts.
/** @type {Record<string, RegExp>} */
const HIDDEN = {
  script: /<\/script[\s>/]/gi,
  style: /<\/style[\s>/]/gi,
  head: /<\/head[\s>/]|<body[\s>/]/gi,
  template: /<\/template[\s>/]/gi,
}

/** @param {number} code */
function fromCodePoint(code) {
  if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd'
  return String.fromCodePoint(code)
}

// &name; (letters and digits, up to 32), &#123; or &#x7b; (the ';' may be missing after a
// number, as browsers allow). Bounded repetitions only: linear.
const ENTITY = /&(?:#(?:([0-9]{1,8})|[xX]([0-9a-fA-F]{1,8}));?|([A-Za-z][A-Za-z0-9]{1,31});)/g

// The references mail HTML is full of, replaced natively first (none of them yields an '&', so
// none can form a new reference for the pass after). A no-break space becomes a plain space:
// white space is collapsed anyway, and "4111&nbsp;1111…" must read as a spaced card number.
/** @type {[string, string][]} */
const FREQUENT = [['&nbsp;', ' '], ['&lt;', '<'], ['&gt;', '>'], ['&quot;', '"']]

/**
 * Decodes character references: the common named ones (others stay as written) and numeric ones.
 * @param {string} text
 */
function decodeEntities(text) {
  if (!text.includes('&')) return text
  let out = text
  for (const [entity, value] of FREQUENT) if (out.includes(entity)) out = out.replaceAll(entity, value)
  if (!out.includes('&')) return out
  return out.replace(ENTITY, (match, dec, hex, name) => {
    if (name !== undefined) return Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : match
    return fromCodePoint(Number.parseInt(dec ?? hex, dec !== undefined ? 10 : 16))
  })
}

/**
 * Collapses white space: runs without a line break → one space, runs with one → one line break;
 * invisible characters go. Each pattern is a character class run: linear. Only what needs a
 * change is replaced (a lone space or line break is left alone, which is most of them).
 * @param {string} text
 */
function collapseWhitespace(text) {
  return text
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]+/g, '')
    .replace(/[^\S\n]{2,}|[^\S\n ]/g, ' ')
    .replace(/ \n\s*|\n\s+/g, '\n')
    .trim()
}

/**
 * Drops comments, doctypes and the content of hidden elements: one pass over the places where
 * one starts, each end found with indexOf or a literal search from there. A hidden element that is
 * never closed keeps what follows (only its opening tag goes); once a kind has no closing tag
 * after some point it has none after any later one, so hostile input cannot make this quadratic.
 * @param {string} html
 */
function dropHidden(html) {
  const starts = /<!--|<[!?]|<(script|style|head|template)(?=[\s>/])/gi
  /** @type {Set<string>} */
  const neverClosed = new Set()
  /** @type {string[]} */
  const out = []
  let from = 0
  for (let m = starts.exec(html); m; m = starts.exec(html)) {
    const at = m.index
    const name = m[1]?.toLowerCase()
    let end = -1
    if (!name) {
      const comment = m[0] === '<!--'
      const close = comment ? html.indexOf('-->', at + 4) : html.indexOf('>', at + 2)
      if (close < 0) break // never closed: the rest is text
      end = close + (comment ? 3 : 1)
    } else {
      const gt = html.indexOf('>', at)
      if (gt < 0) break
      end = gt + 1 // a tag never closed: only the tag goes
      const closing = HIDDEN[name]
      if (html.charCodeAt(gt - 1) !== 47 && !neverClosed.has(name)) {
        closing.lastIndex = end
        const close = closing.exec(html)
        if (close) end = close.index
        else neverClosed.add(name)
      }
    }
    out.push(html.slice(from, at))
    from = end
    starts.lastIndex = end
  }
  out.push(html.slice(from))
  return out.join('')
}

// Tags of block elements become a line break, table cells a space, all other tags nothing. Each
// pattern is linear here: the tail after the last '>' (where no tag can end) is left out, so
// [^>]* always stops at a '>' and never scans to the end of the input again and again.
const BLOCK_TAG = new RegExp(`</?(?:${[...BLOCK].join('|')})(?![A-Za-z0-9])[^>]*>`, 'gi')
const CELL_TAG = /<\/?t[dh](?![A-Za-z0-9])[^>]*>/gi
const ANY_TAG = /<\/?[A-Za-z][^>]*>/g

/**
 * @param {string} html
 * @returns {string}
 */
function htmlToText(html) {
  const visible = dropHidden(html)
  const lastGt = visible.lastIndexOf('>')
  const tags = visible.slice(0, lastGt + 1)
  const tail = visible.slice(lastGt + 1)
  const text = tags.replace(BLOCK_TAG, '\n').replace(CELL_TAG, ' ').replace(ANY_TAG, '')
  return collapseWhitespace(decodeEntities(text + tail))
}

module.exports = { htmlToText, decodeEntities, collapseWhitespace }
