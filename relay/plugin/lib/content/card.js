// @ts-check
'use strict'

// Payment card numbers: 13–19 digits, optionally split by single spaces or dashes (any grouping),
// Luhn-valid, with a plausible issuer prefix for their length. A contiguous digit run is never cut:
// digits inside a longer number are not a card. When groups are joined by separators (e.g.
// "Ref 2024 4111 1111 1111 1111" or a card followed by " 123"), a card may be any run of whole
// groups inside the joined run; the longest valid one wins and matches never overlap.

/** @typedef {import('./types').Span} Span */

const MIN_DIGITS = 13
const MAX_DIGITS = 19
// Runs of at least 13 digits joined by single separators; maximal by construction (a run that
// starts earlier would match earlier; greedy to its last digit). Linear: each step takes one digit.
const RUN = /\d(?:[ -]?\d){12,}/g

/**
 * Issuer prefixes and the lengths their cards have: [first prefix, last prefix, min, max].
 * Visa, Mastercard (51–55, 2221–2720), Amex, Diners, JCB, Discover, UnionPay, Maestro, Mir,
 * RuPay, UATP. Prefixes of the same length compare as numbers.
 * @type {[string, string, number, number][]}
 */
const IIN_RANGES = [
  ['1', '1', 15, 15],
  ['2200', '2204', 16, 19],
  ['2221', '2720', 16, 16],
  ['300', '305', 14, 19],
  ['3095', '3095', 14, 19],
  ['34', '34', 15, 15],
  ['36', '36', 14, 19],
  ['37', '37', 15, 15],
  ['38', '39', 14, 19],
  ['3528', '3589', 16, 19],
  ['4', '4', 13, 19],
  ['50', '50', 13, 19],
  ['51', '55', 16, 16],
  ['56', '58', 13, 19],
  ['6', '6', 13, 19],
  ['81', '82', 16, 19],
]

/** @param {string} digits */
function plausibleIin(digits) {
  if (/^(\d)\1*$/.test(digits)) return false
  const n = digits.length
  for (const [from, to, min, max] of IIN_RANGES) {
    if (n < min || n > max) continue
    const prefix = digits.slice(0, from.length)
    if (prefix >= from && prefix <= to) return true
  }
  return false
}

/** @param {string} digits */
function luhnValid(digits) {
  let sum = 0
  for (let i = digits.length - 1, double = false; i >= 0; i--, double = !double) {
    let d = digits.charCodeAt(i) - 48
    if (double) d = d > 4 ? d * 2 - 9 : d * 2
    sum += d
  }
  return sum % 10 === 0
}

/**
 * Valid cards among the whole-group windows of one joined run.
 * @param {string} run      the matched run: digits and single separators
 * @param {number} offset   where the run starts in the text
 * @returns {Span[]}
 */
function cardsInRun(run, offset) {
  /** @type {{ start: number, end: number, digits: string }[]} */
  const groups = []
  for (let i = 0; i < run.length; ) {
    let j = i
    while (j < run.length && run.charCodeAt(j) >= 48 && run.charCodeAt(j) <= 57) j++
    groups.push({ start: i, end: j, digits: run.slice(i, j) })
    i = j + 1
  }
  /** @type {Span[]} */
  const valid = []
  for (let last = 0; last < groups.length; last++) {
    // Extend leftwards from this last group, summing Luhn from the right as digits are added.
    let sum = 0
    let count = 0
    for (let first = last; first >= 0; first--) {
      const digits = groups[first].digits
      if (count + digits.length > MAX_DIGITS) break
      for (let k = digits.length - 1; k >= 0; k--, count++) {
        let d = digits.charCodeAt(k) - 48
        if (count % 2 === 1) d = d > 4 ? d * 2 - 9 : d * 2
        sum += d
      }
      if (count < MIN_DIGITS || sum % 10 !== 0) continue
      const window = run.slice(groups[first].start, groups[last].end)
      if (plausibleIin(window.replace(/[ -]/g, ''))) {
        valid.push({ start: offset + groups[first].start, end: offset + groups[last].end })
      }
    }
  }
  // Leftmost first, the longest at a start, none overlapping one already taken.
  valid.sort((a, b) => a.start - b.start || b.end - a.end)
  /** @type {Span[]} */
  const taken = []
  for (const span of valid) if (!taken.length || span.start >= taken[taken.length - 1].end) taken.push(span)
  return taken
}

/**
 * Card numbers in text, in order.
 * @param {string} text
 * @param {number} [limit]   stop after this many (bounds work on hostile input)
 * @returns {Span[]}
 */
function findCards(text, limit = Infinity) {
  /** @type {Span[]} */
  const found = []
  const re = new RegExp(RUN.source, 'g')
  for (let m = re.exec(text); m && found.length < limit; m = re.exec(text)) {
    for (const span of cardsInRun(m[0], m.index)) if (found.length < limit) found.push(span)
  }
  return found
}

module.exports = { findCards, luhnValid, plausibleIin }
