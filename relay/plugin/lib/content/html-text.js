// @ts-check
'use strict'

// HTML body → the text a reader sees, for DLP. Three passes, each linear whatever the input (an
// indexOf, a literal search, or a pattern that cannot backtrack far; see each): dropHidden,
// replaceTags (one jump from tag to tag) and decodeAndCollapse (native replaces of the frequent
// references, then one expression that stops only where white space, an invisible character or a
// reference needs work); htmlToTextByPasses is the same as the many passes it was first written
// as, the reference the tests hold the three to. Script, style,
// head and comments are dropped, block elements become line breaks, table cells a space,
// inline tags nothing (so <b>4111</b>1111… stays one number), character references are decoded,
// invisible characters (zero-width, soft hyphen) removed and white space collapsed. Where the HTML
// is broken (a tag, comment or script never closed) the rest is kept as text: scanning too much
// is safe, dropping text a scanner should have seen is not.

const { NAMED_ENTITIES } = require('./html-entities')

const BLOCK = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'nav',
  'ol',
  'option',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'title',
  'tr',
  'ul',
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
const FREQUENT = [
  ['&nbsp;', ' '],
  ['&lt;', '<'],
  ['&gt;', '>'],
  ['&quot;', '"'],
]

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
 * The tags: block elements → a line break, table cells → a space, other tags → nothing, one pass
 * that jumps from '<' to '<' (indexOf) and copies the text between as slices. Where a tag holds
 * another '<' (`<a title="<p>">`, broken HTML) the three expressions below would read it
 * differently (each replaces its own tags first); there it answers null and they run instead.
 * @param {string} html   with comments and hidden elements dropped
 * @returns {string | null}
 */
function replaceTags(html) {
  /** @type {string[]} */
  const out = []
  let from = 0 // start of the text not yet copied
  let next = -2 // the next '<' after the current tag's, once looked for
  TAG_START.lastIndex = 0
  for (let m = TAG_START.exec(html); m; m = TAG_START.exec(html)) {
    const lt = m.index
    const at = TAG_START.lastIndex - 1 // the name's first letter
    let end = at + 1
    for (let c = html.charCodeAt(end); (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122); ) {
      c = html.charCodeAt(++end)
    }
    const gt = html.indexOf('>', end)
    if (gt < 0) break // no '>' after: the rest is text
    if (next <= lt) next = html.indexOf('<', lt + 1)
    if (next >= 0 && next < gt) return null
    const name = html.slice(at, end).toLowerCase()
    out.push(html.slice(from, lt), BLOCK.has(name) ? '\n' : name === 'td' || name === 'th' ? ' ' : '')
    from = gt + 1
    TAG_START.lastIndex = from
  }
  out.push(html.slice(from))
  return out.join('')
}
const TAG_START = /<\/?[A-Za-z]/g

// Character classes of the text pass: 1 white space (JS \s, less the BOM), 2 invisible.
/** @param {number} c */
function kindOf(c) {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13) ? 1 : 0
  if (c < 0xa0) return 0
  if (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a)) return 1
  if (c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000) return 1
  if (c === 0xad || (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff) return 2
  return 0
}

/** @param {number} c */
const isAsciiAlnum = (c) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 122)
/** @param {number} c */
const isHex = (c) => (c >= 48 && c <= 57) || ((c | 32) >= 97 && (c | 32) <= 102)

/**
 * The character reference at `at` (an '&'), as ENTITY reads it: [its text, where it ends], or
 * null when there is none or its name is not one we know (it stays as written).
 * @param {string} text
 * @param {number} at
 * @returns {[string, number] | null}
 */
function entityAt(text, at) {
  let i = at + 1
  const c = text.charCodeAt(i)
  if (c === 35) {
    // '#': decimal, or x and hex; 1 to 8 digits, the ';' optional.
    const hex = (text.charCodeAt(i + 1) | 32) === 120 && !(text.charCodeAt(i + 1) >= 48 && text.charCodeAt(i + 1) <= 57)
    i += hex ? 2 : 1
    const start = i
    while (i - start < 8 && (hex ? isHex(text.charCodeAt(i)) : text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)) {
      i++
    }
    if (i === start) return null
    const code = Number.parseInt(text.slice(start, i), hex ? 16 : 10)
    return [fromCodePoint(code), text.charCodeAt(i) === 59 ? i + 1 : i]
  }
  if ((c | 32) < 97 || (c | 32) > 122) return null
  while (i - at <= 33 && isAsciiAlnum(text.charCodeAt(i))) i++
  const length = i - at - 1
  if (length < 2 || length > 32 || text.charCodeAt(i) !== 59) return null
  const name = text.slice(at + 1, i)
  return Object.hasOwn(NAMED_ENTITIES, name) ? [NAMED_ENTITIES[name], i + 1] : null
}

// The named references that stand for white space or an invisible character.
const BLANK_NAMES = Object.keys(NAMED_ENTITIES).filter((name) => kindOf(NAMED_ENTITIES[name].charCodeAt(0)) !== 0)
// What the text pass must look at, everything else is kept as written: a run of white space,
// invisible characters and references that may stand for either (numeric ones, the named blank
// ones), unless it is a lone space or line break (kept as is: most of them, between two words);
// or a named reference. Linear: each repetition takes at least one character, the tokens can't
// be cut differently (a reference ends where the next token cannot go on) and the alternatives
// after the first are bounded.
const TOKEN = `(?:[\\s\\u00ad\\u200b-\\u200d\\u2060]|&#(?:[0-9]{1,8}|[xX][0-9a-fA-F]{1,8});?|&(?:${BLANK_NAMES.join('|')});)`
const TEXT_PASS = new RegExp(`${TOKEN}{2,}|(?![ \\n])${TOKEN}|&([A-Za-z][A-Za-z0-9]{1,31});`, 'g')

/**
 * decodeEntities then collapseWhitespace, as one pass: the frequent references replaced natively,
 * then each run TEXT_PASS finds read one reference or character at a time (a run is maximal, so
 * what lies on either side is visible text).
 * @param {string} html
 * @returns {string}
 */
function decodeAndCollapse(html) {
  let text = html
  if (text.includes('&'))
    for (const [entity, value] of FREQUENT) if (text.includes(entity)) text = text.replaceAll(entity, value)
  let out = ''
  let from = 0
  TEXT_PASS.lastIndex = 0
  for (let m = TEXT_PASS.exec(text); m; m = TEXT_PASS.exec(text)) {
    out += text.slice(from, m.index) + readRun(m[0], m[1], m.index, text)
    from = TEXT_PASS.lastIndex
  }
  return (from ? out + text.slice(from) : text).trim()
}

/**
 * @param {string} run
 * @param {string | undefined} name   a named reference alone
 * @param {number} at
 * @param {string} text
 */
function readRun(run, name, at, text) {
  if (name !== undefined) return Object.hasOwn(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : run
  let out = ''
  let space = 0 // pending: 0 none, 1 a space, 2 a line break
  let visible = at > 0 // anything visible before (the text before the run is)
  for (let i = 0; i < run.length; ) {
    let char = run[i]
    let end = i + 1
    if (char === '&') {
      const entity = /** @type {[string, number]} */ (entityAt(run, i))
      char = entity[0]
      end = entity[1]
    }
    const kind = char.length === 1 ? kindOf(char.charCodeAt(0)) : 0
    if (kind === 1) {
      if (char === '\n') space = 2
      else if (!space) space = 1
    } else if (kind === 0) {
      if (space && visible) out += space === 2 ? '\n' : ' '
      space = 0
      visible = true
      out += char
    }
    i = end
  }
  if (space && visible && at + run.length < text.length) out += space === 2 ? '\n' : ' '
  return out
}

/**
 * @param {string} html
 * @returns {string}
 */
function htmlToText(html) {
  const visible = dropHidden(html)
  return decodeAndCollapse(replaceTags(visible) ?? replaceTagsByExpressions(visible))
}

/**
 * The tags replaced as the three expressions BLOCK_TAG, CELL_TAG and ANY_TAG replace them one after
 * the other, for HTML with tags inside tags (replaceTags gives up there). Each pass finds where
 * its tags start and ends each at the next '>'; once there is none, no later tag can end, and
 * the pass stops (the expressions themselves would scan to the end from every later start, which
 * is quadratic when an earlier pass removed the last '>').
 * @param {string} visible
 */
function replaceTagsByExpressions(visible) {
  let text = visible
  for (const [start, by] of TAG_PASSES) {
    let out = ''
    let from = 0
    start.lastIndex = 0
    for (let m = start.exec(text); m; m = start.exec(text)) {
      const gt = text.indexOf('>', start.lastIndex)
      if (gt < 0) break
      out += text.slice(from, m.index) + by
      from = gt + 1
      start.lastIndex = from
    }
    text = out + text.slice(from)
  }
  return text
}
/** @type {[RegExp, string][]} */
const TAG_PASSES = [
  [new RegExp(`</?(?:${[...BLOCK].join('|')})(?![A-Za-z0-9])`, 'gi'), '\n'],
  [/<\/?t[dh](?![A-Za-z0-9])/gi, ' '],
  [/<\/?[A-Za-z]/g, ''],
]

/**
 * The same by the passes it was first written as (expressions and replaces), kept as the
 * reference the one-pass version is tested against. Not for use on mail: where an earlier pass
 * removed the last '>', a later one scans to the end from every tag start (quadratic).
 * @param {string} html
 * @returns {string}
 */
function htmlToTextByPasses(html) {
  const visible = dropHidden(html)
  const lastGt = visible.lastIndexOf('>')
  const tags = visible.slice(0, lastGt + 1)
  const tail = visible.slice(lastGt + 1)
  const text = tags.replace(BLOCK_TAG, '\n').replace(CELL_TAG, ' ').replace(ANY_TAG, '')
  return collapseWhitespace(decodeEntities(text + tail))
}

module.exports = { htmlToText, htmlToTextByPasses, decodeEntities, collapseWhitespace }
