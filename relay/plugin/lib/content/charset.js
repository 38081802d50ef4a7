// @ts-check
'use strict'

// Sets of characters as sorted, merged [low, high] code point ranges: what one step of a regular
// expression can consume. Used by the pattern safety check to ask "can these two overlap?"; where
// exactness would cost much (Unicode properties, case folding of large ranges) a set is made
// larger, never smaller, so the check only ever refuses more.

/** @typedef {[number, number][]} Charset */

const MAX_CODE_POINT = 0x10ffff

/** @param {Charset} ranges @returns {Charset} */
function normalize(ranges) {
  const sorted = ranges.filter(([lo, hi]) => lo <= hi).sort((a, b) => a[0] - b[0])
  /** @type {Charset} */
  const out = []
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1]
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi)
    else out.push([lo, hi])
  }
  return out
}

/** @param {...Charset} sets @returns {Charset} */
const union = (...sets) => normalize(sets.flat().map(([lo, hi]) => [lo, hi]))

/** @param {Charset} set @returns {Charset} */
function complement(set) {
  /** @type {Charset} */
  const out = []
  let next = 0
  for (const [lo, hi] of normalize(set)) {
    if (lo > next) out.push([next, lo - 1])
    next = hi + 1
  }
  if (next <= MAX_CODE_POINT) out.push([next, MAX_CODE_POINT])
  return out
}

/** @param {Charset} a @param {Charset} b */
function intersects(a, b) {
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    if (a[i][1] < b[j][0]) i++
    else if (b[j][1] < a[i][0]) j++
    else return true
  }
  return false
}

// Case variants of the characters in a set, for the 'i' flag. Ranges up to this size are folded
// character by character; a larger one gets every letter outside ASCII added (over-approximates).
const FOLD_ONE_BY_ONE = 1024

/** @param {Charset} set @returns {Charset} */
function caseFold(set) {
  /** @type {Charset} */
  const extra = []
  for (const [lo, hi] of set) {
    if (hi - lo > FOLD_ONE_BY_ONE) {
      extra.push([0x41, 0x5a], [0x61, 0x7a], [0xb5, MAX_CODE_POINT])
      continue
    }
    for (let c = lo; c <= hi; c++) {
      const ch = String.fromCodePoint(c)
      for (const variant of [ch.toLowerCase(), ch.toUpperCase()]) {
        const code = variant.codePointAt(0)
        if (code !== undefined && [...variant].length === 1 && code !== c) extra.push([code, code])
      }
    }
  }
  // K (Kelvin) and ſ (long s) fold to ASCII letters under 'iu'.
  if (intersects(set, [[0x4b, 0x4b], [0x6b, 0x6b]])) extra.push([0x212a, 0x212a])
  if (intersects(set, [[0x53, 0x53], [0x73, 0x73]])) extra.push([0x17f, 0x17f])
  return union(set, extra)
}

/** @param {number} c @returns {Charset} */
const single = (c) => [[c, c]]

const DIGIT = /** @type {Charset} */ ([[0x30, 0x39]])
const WORD = /** @type {Charset} */ ([[0x30, 0x39], [0x41, 0x5a], [0x5f, 0x5f], [0x61, 0x7a]])
const SPACE = normalize([
  [0x09, 0x0d], [0x20, 0x20], [0xa0, 0xa0], [0x1680, 0x1680], [0x2000, 0x200a], [0x2028, 0x2029],
  [0x202f, 0x202f], [0x205f, 0x205f], [0x3000, 0x3000], [0xfeff, 0xfeff],
])
const LINE_TERMINATORS = normalize([[0x0a, 0x0a], [0x0d, 0x0d], [0x2028, 0x2029]])
const ANY = /** @type {Charset} */ ([[0, MAX_CODE_POINT]])
const NOTHING = /** @type {Charset} */ ([])

module.exports = {
  normalize, union, complement, intersects, caseFold, single,
  DIGIT, WORD, SPACE, LINE_TERMINATORS, ANY, NOTHING,
}
