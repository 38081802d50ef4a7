// @ts-check
'use strict'

// One expression over one text: the [start, end) of its matches, flat, at most cap of them. Used
// on the main thread for the expressions cheap enough to run there and in the worker for the rest
// (the vm runner in regex-rule.js has its own copy, it must live inside the vm context).

/**
 * @param {RegExp} re   with the g flag
 * @param {string} text
 * @param {number} cap
 * @returns {number[]}  start, end, start, end…
 */
function matchAll(re, text, cap) {
  /** @type {number[]} */
  const found = []
  re.lastIndex = 0
  while (found.length < cap * 2) {
    const m = re.exec(text)
    if (m === null) break
    if (re.lastIndex === m.index) {
      // An empty match: step over one character (a whole surrogate pair under u) and go on.
      const code = text.codePointAt(m.index) ?? 0
      re.lastIndex = m.index + (code > 0xffff ? 2 : 1)
      continue
    }
    found.push(m.index, re.lastIndex)
  }
  return found
}

/** @param {number[]} flat  start, end, start, end… @returns {import('./types').Span[]} */
function toSpans(flat) {
  /** @type {import('./types').Span[]} */
  const spans = []
  for (let i = 0; i + 1 < flat.length; i += 2) spans.push({ start: flat[i], end: flat[i + 1] })
  return spans
}

module.exports = { matchAll, toSpans }
