// @ts-check
'use strict'

// Keyword lists: case-insensitive (Unicode case folding), whole words only, where a word edge
// means no Unicode letter, digit, combining mark or underscore on that side: 'Karte' matches
// 'karte' and 'Karte:' but not 'Kartei'. White space inside a keyword matches any white space
// run, so 'credit card' also matches across a line break. The keywords come from a rule and are
// escaped: the expression built is plain literals, one alternation, no nested repetition. The
// edge before a keyword is checked here after a candidate is found, not by a lookbehind in the
// expression: a leading lookbehind is tried at every position and made the scan ~1.7× slower.

/** @typedef {import('./types').Span} Span */

const WORD = '[\\p{L}\\p{N}\\p{M}_]'
const WORD_CHAR = new RegExp(`^${WORD}$`, 'u')
// Keywords and their count are bounded by the control plane's rule schema; this is a backstop.
const MAX_KEYWORDS = 500

/** @param {string} keyword */
const literal = (keyword) => keyword.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&').replace(/\s+/g, '\\s+')

/**
 * One expression for a keyword list, or null when no keyword is left after trimming.
 * @param {readonly string[]} keywords
 * @returns {RegExp | null}
 */
function compileKeywords(keywords) {
  const words = [...new Set(keywords.map((k) => k.trim()).filter(Boolean))].slice(0, MAX_KEYWORDS)
  if (!words.length) return null
  // Longest first, so 'credit card' wins over 'credit' where both start.
  words.sort((a, b) => b.length - a.length)
  return new RegExp(`(?:${words.map(literal).join('|')})(?!${WORD})`, 'giu')
}

/**
 * Where the keywords occur, in order.
 * @param {RegExp | null} re   from compileKeywords
 * @param {string} text
 * @param {number} [limit]
 * @returns {Span[]}
 */
function findKeywords(re, text, limit = Infinity) {
  /** @type {Span[]} */
  const found = []
  if (!re) return found
  re.lastIndex = 0
  for (let m = re.exec(text); m && found.length < limit; m = re.exec(text)) {
    if (wordBefore(text, m.index)) re.lastIndex = m.index + 1
    else found.push({ start: m.index, end: m.index + m[0].length })
  }
  return found
}

/**
 * Does a word character (a whole code point) end just before `at`?
 * @param {string} text
 * @param {number} at
 */
function wordBefore(text, at) {
  if (at === 0) return false
  const low = text.charCodeAt(at - 1)
  const pair = low >= 0xdc00 && low <= 0xdfff && at >= 2
  return WORD_CHAR.test(String.fromCodePoint(/** @type {number} */ (text.codePointAt(pair ? at - 2 : at - 1))))
}

module.exports = { compileKeywords, findKeywords }
