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
  const re = new RegExp(`(?:${words.map(literal).join('|')})(?!${WORD})`, 'giu')
  // Keywords made of word characters only match whole words, each on its own: the matches found
  // from any position on are those a scan of the whole text finds there (see findKeywordsNear).
  if (words.every((w) => WORD_ONLY.test(w))) wordOnly.set(re, words[0].length)
  return re
}

const WORD_ONLY = new RegExp(`^${WORD}+$`, 'u')
/** @type {WeakMap<RegExp, number>} expressions whose keywords are all word characters → the longest keyword */
const wordOnly = new WeakMap()

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
 * The keywords that can be near the matches: those whose gap to one of them is at most `within`,
 * found by searching only windows around the matches (the whole text when a keyword holds a
 * non-word character, e.g. a space: such matches can overlap candidates, so only a scan from the
 * start finds the same ones). For word-only keywords a match is a whole word matching a keyword
 * (a word character on neither side), independent of where the search starts, so the windows find
 * exactly the matches a whole-text scan finds in them; nearFilter gives the same result with
 * either list. Each window is searched in a slice reaching far enough for any keyword starting in
 * it (so the work stays linear in the text), the leading edge checked against the whole text.
 * @param {RegExp | null} re   from compileKeywords
 * @param {string} text
 * @param {readonly Span[]} matches   in order
 * @param {number} within
 * @returns {Span[]}
 */
function findKeywordsNear(re, text, matches, within) {
  const longest = re ? wordOnly.get(re) : undefined
  if (!re || longest === undefined) return findKeywords(re, text)
  // A keyword match is at most two code units per keyword character: one starting before a
  // window's start cannot reach the match; one starting in it lies wholly in the slice searched,
  // with the code point after it (the trailing edge) too.
  const pad = 2 * longest
  /** @type {Span[]} */
  const found = []
  let i = 0
  while (i < matches.length) {
    const from = Math.max(0, matches[i].start - within - pad)
    let to = matches[i].end + within
    // Merge the windows that overlap this one.
    while (++i < matches.length && matches[i].start - within - pad <= to) to = Math.max(to, matches[i].end + within)
    const start = Math.max(from, found.length ? found[found.length - 1].end : 0)
    const slice = text.slice(start, to + pad + 2)
    re.lastIndex = 0
    for (let m = re.exec(slice); m && start + m.index <= to; m = re.exec(slice)) {
      if (wordBefore(text, start + m.index)) re.lastIndex = m.index + 1
      else found.push({ start: start + m.index, end: start + m.index + m[0].length })
    }
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

module.exports = { compileKeywords, findKeywords, findKeywordsNear }
