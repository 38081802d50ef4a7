// @ts-check
'use strict'

// "Nearby keywords": a match counts only when one of the rule's near keywords occurs within
// `within` characters of it (gap between the two, 0 when they touch or overlap), in the same
// segment. Both lists are in text order and do not overlap among themselves, so their ends are
// ordered too and a binary search finds the first keyword that can still be close enough.

/** @typedef {import('./types').Span} Span */

/**
 * @param {readonly Span[]} matches    in order
 * @param {readonly Span[]} keywords   in order, non-overlapping
 * @param {number} within              characters
 * @returns {Span[]}                   the matches with a keyword close enough
 */
function nearFilter(matches, keywords, within) {
  if (!keywords.length) return []
  return matches.filter((m) => {
    // First keyword whose end is not too far left of the match.
    let lo = 0
    let hi = keywords.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (keywords[mid].end < m.start - within) lo = mid + 1
      else hi = mid
    }
    return lo < keywords.length && keywords[lo].start <= m.end + within
  })
}

module.exports = { nearFilter }
