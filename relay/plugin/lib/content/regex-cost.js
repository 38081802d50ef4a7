// @ts-check
'use strict'

// How much work a custom pattern can cost at most, so that it may run directly on the relay's
// main thread instead of behind a time bound. The save check (regex-safety.js) rules out
// exponential shapes, but not polynomial ones: \d+x against 100 KB of digits tries every start
// and scans to the end from each, 5·10⁹ steps. Here we bound the steps one match attempt (one
// start position) can take, by walking the parsed tree: a sequence multiplies the ways through
// it, an alternation adds them, a bounded repetition is a tree of copies, an unbounded one has
// no bound.
// steps × text length then bounds a whole scan, and the caller runs the pattern directly only
// when that product is small (a few milliseconds in the worst case), else behind the guard.

const { parseRegex } = require('./regex-ast')

/** @typedef {import('./regex-ast').Node} Node */

// Above this everything counts as unbounded (and the arithmetic stays exact).
const CAP = 1e12
// A bounded repetition with more copies than this is treated as unbounded.
const MAX_UNROLL = 10_000

/**
 * @typedef {{ steps: number, paths: number }} Cost
 *   steps: work to explore every way of matching the node from one position;
 *   paths: the positions it can leave the matcher in (each continues the rest of the pattern)
 */

/** @param {number} n */
const cap = (n) => (n > CAP ? Number.POSITIVE_INFINITY : n)

/** @param {Cost} a @param {Cost} b @returns {Cost} a then b */
const then = (a, b) => ({ steps: cap(a.steps + a.paths * b.steps), paths: cap(a.paths * b.paths) })

// A choice point (an alternative, one more optional copy) costs a step of its own: the engine
// saves and restores its state there, as expensive as matching a character.
/** @param {Cost} a @param {Cost} b @returns {Cost} a or b */
const or = (a, b) => ({ steps: cap(a.steps + b.steps + 1), paths: cap(a.paths + b.paths) })

const ONE = { steps: 1, paths: 1 }
const EMPTY = { steps: 0, paths: 1 }
const UNBOUNDED = { steps: Number.POSITIVE_INFINITY, paths: Number.POSITIVE_INFINITY }

/**
 * @param {Node} node
 * @returns {Cost}
 */
function cost(node) {
  switch (node.type) {
    case 'char':
      return ONE
    case 'assert':
      return ONE
    case 'seq':
      return node.items.map(cost).reduce(then, EMPTY)
    case 'alt':
      return node.alts.map(cost).reduce(or)
    case 'group':
      if (node.kind === 'behind') return UNBOUNDED
      // A lookahead is atomic in JavaScript: explored once, left in one position.
      if (node.kind === 'ahead') return { steps: cost(node.body).steps, paths: 1 }
      return cost(node.body)
    case 'repeat': {
      if (node.max === Number.POSITIVE_INFINITY || node.max > MAX_UNROLL) return UNBOUNDED
      // The matcher's tree: k copies deep it has paths^k branches; each one that is at least
      // min deep is a way out, each one under max deep tries one more copy.
      const body = cost(node.body)
      let level = 1
      let steps = 0
      let paths = 0
      for (let k = 0; k <= node.max && Number.isFinite(steps); k++) {
        if (k >= node.min) paths = cap(paths + level)
        if (k < node.max) steps = cap(steps + level * (body.steps + (k >= node.min ? 1 : 0)))
        level = cap(level * body.paths)
      }
      return { steps, paths }
    }
    default:
      return UNBOUNDED // backreferences: refused at save, never direct
  }
}

/**
 * Steps one match attempt of the pattern can take at most; Infinity when it has no bound
 * (an unbounded repetition, a lookbehind or backreference). For a valid pattern only.
 * @param {string} pattern
 * @param {string} flags
 * @returns {number}
 */
function stepsPerStart(pattern, flags) {
  return cost(parseRegex(pattern, flags)).steps
}

module.exports = { stepsPerStart }
