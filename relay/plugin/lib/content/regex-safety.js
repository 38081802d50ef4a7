// @ts-check
'use strict'

// Which custom patterns can backtrack catastrophically: a structural check over the parsed tree.
// A backtracking engine takes exponential time when a repeated part can match the same text in
// more than one way, because every way is tried before giving up. Three shapes cause that:
//   1. a repeated part that can match empty text: (a?)*, (a*b*)+, (|x)+
//   2. overlapping alternatives under a repetition: (a|a)*, (a|ab)+, (\w|\d)+
//   3. a part of variable width inside a repetition where what can follow it can also continue
//      it: (a+)+, (.*)*, (\w+\s?)+, (x+x+)+y, (.*a){20}, (\d\d?)+, (x\d+|\d)+
// (3) is not reported when nothing that can follow the inner part inside the repetition (on to
// the start of its next copy) can continue it, e.g. ([a-z]+\.)+ or (\d+-)+ or (ab?)+: then the
// text decides where it stops. Nor when both repetitions are bounded and small, e.g.
// (\d{1,4}\s?){4}: at most 4^4 ways. The check errs on the side of refusing. Polynomial cases
// (\d+x against a long run of digits) are not refused: the run-time bound in vm catches those.

const cs = require('./charset')

/**
 * @typedef {import('./regex-ast').Node} Node
 * @typedef {import('./regex-ast').Repeat} Repeat
 * @typedef {import('./regex-ast').Seq} Seq
 * @typedef {import('./charset').Charset} Charset
 * @typedef {{ kind: 'empty-repeat' | 'overlap' | 'nested', at: Node, inner?: Node }} Hazard
 */

// More ways to match than this in one bounded repetition count as catastrophic.
const MAX_WAYS = 10_000

/** @type {WeakMap<Node, boolean>} */
const nullableMemo = new WeakMap()
/** @type {WeakMap<Node, Charset>} */
const charsMemo = new WeakMap()
/** @type {WeakMap<Node, Charset>} */
const firstMemo = new WeakMap()

/**
 * Can the node match empty text? Lookarounds and assertions consume nothing.
 * @param {Node} node
 * @returns {boolean}
 */
function nullable(node) {
  const memo = nullableMemo.get(node)
  if (memo !== undefined) return memo
  /** @type {boolean} */
  let v
  switch (node.type) {
    case 'alt': v = node.alts.some(nullable); break
    case 'seq': v = node.items.every(nullable); break
    case 'char': v = false; break
    case 'group': v = node.kind === 'ahead' || node.kind === 'behind' || nullable(node.body); break
    case 'repeat': v = node.min === 0 || nullable(node.body); break
    default: v = true
  }
  nullableMemo.set(node, v)
  return v
}

/** Every character the node can consume. @param {Node} node @returns {Charset} */
function chars(node) {
  let v = charsMemo.get(node)
  if (v) return v
  switch (node.type) {
    case 'alt': v = cs.union(...node.alts.map(chars)); break
    case 'seq': v = cs.union(...node.items.map(chars)); break
    case 'char': v = node.set; break
    case 'group': v = node.kind === 'ahead' || node.kind === 'behind' ? cs.NOTHING : chars(node.body); break
    case 'repeat': v = node.max === 0 ? cs.NOTHING : chars(node.body); break
    case 'backref': v = cs.ANY; break
    default: v = cs.NOTHING
  }
  charsMemo.set(node, v)
  return v
}

/** The characters a match of the node can start with. @param {Node} node @returns {Charset} */
function first(node) {
  let v = firstMemo.get(node)
  if (v) return v
  switch (node.type) {
    case 'alt': v = cs.union(...node.alts.map(first)); break
    case 'seq': {
      /** @type {Charset[]} */
      const sets = []
      for (const item of node.items) {
        sets.push(first(item))
        if (!nullable(item)) break
      }
      v = cs.union(...sets)
      break
    }
    case 'char': v = node.set; break
    case 'group': v = node.kind === 'ahead' || node.kind === 'behind' ? cs.NOTHING : first(node.body); break
    case 'repeat': v = node.max === 0 ? cs.NOTHING : first(node.body); break
    case 'backref': v = cs.ANY; break
    default: v = cs.NOTHING
  }
  firstMemo.set(node, v)
  return v
}

/** Shortest and longest text the node can match (longest may be Infinity). @param {Node} node */
function widths(node) {
  /** @type {[number, number]} */
  let w
  switch (node.type) {
    case 'alt': {
      const all = node.alts.map(widths)
      w = [Math.min(...all.map((x) => x[0])), Math.max(...all.map((x) => x[1]))]
      break
    }
    case 'seq':
      w = node.items.map(widths).reduce((a, b) => [a[0] + b[0], a[1] + b[1]], [0, 0])
      break
    case 'char': w = [1, 1]; break
    case 'group': w = node.kind === 'ahead' || node.kind === 'behind' ? [0, 0] : widths(node.body); break
    case 'repeat': {
      const [lo, hi] = widths(node.body)
      w = [lo * node.min, node.max === 0 ? 0 : hi * node.max]
      break
    }
    case 'backref': w = [0, Number.POSITIVE_INFINITY]; break
    default: w = [0, 0]
  }
  return w
}

/**
 * Ways a repetition of at most `max` copies can choose among `choices` per copy, against the limit.
 * @param {number} choices @param {number} max
 */
const tooManyWays = (choices, max) => max === Number.POSITIVE_INFINITY || choices ** max > MAX_WAYS

/**
 * What can come right after `inner` within one copy of the outer repetition's body, or at the start
 * of its next copy (what follows the outer repetition does not matter: it is passed at most once).
 * `path` holds the nodes from the outer body down to `inner`.
 * @param {Node[]} path
 * @returns {Charset}
 */
function followInside(path) {
  /** @type {Charset[]} */
  const sets = []
  for (let k = path.length - 2; k >= 0; k--) {
    const node = path[k]
    if (node.type === 'repeat' && node.max >= 2) sets.push(first(node.body)) // it may go round again
    if (node.type !== 'seq') continue
    const after = node.items.slice(node.items.indexOf(path[k + 1]) + 1)
    for (const item of after) {
      sets.push(first(item))
      if (!nullable(item)) return cs.union(...sets)
    }
  }
  sets.push(first(path[0])) // the rest of the body can be empty: the next copy starts
  return cs.union(...sets)
}

/**
 * Hazards in the tree, outermost first.
 * @param {Node} root
 * @returns {Hazard[]}
 */
function findHazards(root) {
  /** @type {Hazard[]} */
  const hazards = []
  /** @type {Node[]} path from the root */
  const path = []
  /** @type {number[]} indexes into path of the enclosing repetitions that repeat (max ≥ 2) */
  const repeats = []

  /** @param {Repeat} node */
  function checkRepeat(node) {
    const [lo, hi] = widths(node)
    // A part of variable width (a+, \d{1,4}, x?) is ambiguous inside a repetition when what can
    // follow it there can also continue it: then where it stops is not determined by the text.
    const choices = hi === Number.POSITIVE_INFINITY ? hi : hi - lo + 1
    if (choices > 1) {
      const own = chars(node.body)
      for (const r of repeats) {
        const outer = /** @type {Repeat} */ (path[r])
        if (tooManyWays(choices, outer.max) && cs.intersects(followInside(path.slice(r + 1)), own)) {
          hazards.push({ kind: 'nested', at: outer, inner: node })
        }
      }
    }
    if (node.max >= 2 && nullable(node.body)) {
      const [blo, bhi] = widths(node.body)
      if (tooManyWays(Math.min(bhi - blo + 1, MAX_WAYS), node.max)) hazards.push({ kind: 'empty-repeat', at: node })
    }
  }

  /** @param {Node} node */
  function visit(node) {
    path.push(node)
    if (node.type === 'repeat') {
      checkRepeat(node)
      if (node.max >= 2) repeats.push(path.length - 1)
      visit(node.body)
      if (node.max >= 2) repeats.pop()
    } else if (node.type === 'alt') {
      if (repeats.length && node.alts.length > 1) checkOverlap(node)
      for (const seq of node.alts) visit(seq)
    } else if (node.type === 'seq') {
      for (const item of node.items) visit(item)
    } else if (node.type === 'group') {
      // A lookaround consumes nothing: what is inside it is checked on its own.
      if (node.kind === 'ahead' || node.kind === 'behind') {
        const saved = repeats.splice(0)
        visit(node.body)
        repeats.push(...saved)
      } else visit(node.body)
    }
    path.pop()
  }

  /** @param {import('./regex-ast').Alt} alt */
  function checkOverlap(alt) {
    const starts = alt.alts.map(first)
    let overlapping = 0
    for (let i = 0; i < starts.length; i++) {
      if (starts.some((s, j) => j !== i && cs.intersects(s, starts[i]))) overlapping++
    }
    if (overlapping < 2) return
    for (const r of repeats) {
      const outer = /** @type {Repeat} */ (path[r])
      if (tooManyWays(overlapping, outer.max)) return void hazards.push({ kind: 'overlap', at: outer, inner: alt })
    }
  }

  visit(root)
  return hazards
}

module.exports = { findHazards, nullable, widths }
