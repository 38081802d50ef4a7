// @ts-check
'use strict'

// Redaction: what a finding shows never holds the matched data in clear. A card number or IBAN
// keeps its last four letters or digits (separators stay, so the shape is recognisable); any other
// match (custom expression, keyword) is masked entirely, only its length shows. The context, up to
// 40 characters either side, masks every match inside it, those of other rules too, and on top any
// card number or IBAN the built-in detectors find there, whether or not a rule asked for them.

const { findCards } = require('./card')
const { findIbans } = require('./iban')

/**
 * @typedef {import('./types').MaskStyle} MaskStyle
 * @typedef {import('./types').MaskedSpan} MaskedSpan
 * @typedef {import('./types').Span} Span
 */

const MASK = '*'
const CONTEXT_CHARS = 40
// A card (19 digits, 18 separators) or an IBAN (34 characters, 8 spaces) is at most this long:
// detecting over the context widened by it finds every one that reaches into the context.
const LONGEST_DETECTED = 45
// A fully masked match longer than this shows as that many masks and its length.
const LONGEST_SHOWN = 64

/** @param {number} c */
const isAlnumCode = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

/**
 * Which characters of a match stay visible: for 'last4', its last four letters or digits.
 * @param {string} match
 * @param {MaskStyle} mask
 * @returns {boolean[]}
 */
function keptChars(match, mask) {
  const kept = new Array(match.length).fill(false)
  if (mask !== 'last4') return kept
  for (let i = match.length - 1, left = 4; i >= 0 && left > 0; i--) {
    if (isAlnumCode(match.charCodeAt(i))) {
      kept[i] = true
      left--
    }
  }
  return kept
}

/**
 * A match as a finding shows it.
 * @param {string} match
 * @param {MaskStyle} mask
 */
function redactMatch(match, mask) {
  if (mask === 'full') {
    const length = [...match].length
    return length <= LONGEST_SHOWN ? MASK.repeat(length) : `${MASK.repeat(LONGEST_SHOWN)}…(${length} characters)`
  }
  const kept = keptChars(match, mask)
  let out = ''
  for (let i = 0; i < match.length; i++) {
    out += kept[i] || !isAlnumCode(match.charCodeAt(i)) ? match[i] : MASK
  }
  return out
}

/**
 * The text around a match, with every match in it masked.
 * @param {string} text                 the segment
 * @param {Span} span                   the match shown
 * @param {readonly MaskedSpan[]} known every match of every rule in this segment (any order)
 * @param {MaskStyle} mask              how the shown match itself is masked
 */
function contextAround(text, span, known, mask) {
  let from = Math.max(0, span.start - CONTEXT_CHARS)
  let to = Math.min(text.length, span.end + CONTEXT_CHARS)
  // Never cut a surrogate pair in two.
  if (from > 0 && isLowSurrogate(text.charCodeAt(from))) from--
  if (to < text.length && isLowSurrogate(text.charCodeAt(to))) to++
  const masked = new Uint8Array(to - from)
  /** @param {number} start @param {number} end @param {MaskStyle} style */
  const apply = (start, end, style) => {
    const lo = Math.max(start, from)
    const hi = Math.min(end, to)
    if (lo >= hi) return
    if (style === 'full') return void masked.fill(1, lo - from, hi - from)
    // 'last4': letters and digits before the last four of the whole match; separators stay.
    let keepFrom = end
    for (let left = 4; keepFrom > start && left > 0; ) if (isAlnumCode(text.charCodeAt(--keepFrom))) left--
    for (let i = lo; i < Math.min(hi, keepFrom); i++) if (isAlnumCode(text.charCodeAt(i))) masked[i - from] = 1
  }
  apply(span.start, span.end, mask)
  for (const s of known) apply(s.start, s.end, s.mask)
  const wideFrom = Math.max(0, from - LONGEST_DETECTED)
  const wide = text.slice(wideFrom, Math.min(text.length, to + LONGEST_DETECTED))
  for (const s of findCards(wide)) apply(s.start + wideFrom, s.end + wideFrom, 'last4')
  for (const s of findIbans(wide)) apply(s.start + wideFrom, s.end + wideFrom, 'last4')
  // Masked characters become '*', white space runs one space.
  let shown = from > 0 ? '…' : ''
  let space = false
  for (let i = from; i < to; i++) {
    const blank = !masked[i - from] && isSpaceCode(text.charCodeAt(i))
    if (blank) {
      if (!space) shown += ' '
    } else shown += masked[i - from] ? MASK : text[i]
    space = blank
  }
  return to < text.length ? `${shown}…` : shown
}

/** White space as \s knows it. @param {number} c */
function isSpaceCode(c) {
  if (c < 0x80) return c === 32 || (c >= 9 && c <= 13)
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
}

/** @param {number} c */
function isLowSurrogate(c) {
  return c >= 0xdc00 && c <= 0xdfff
}

module.exports = { redactMatch, contextAround, CONTEXT_CHARS }
