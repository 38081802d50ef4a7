// @ts-check
'use strict'

// Custom regular expressions of DLP rules, guarded twice:
// 1. At save, regexRefusal refuses a pattern that is invalid, uses a flag other than i, m, s, u,
//    uses backreferences or lookbehind, matches empty text, or has a shape that can backtrack
//    catastrophically (regex-safety.js: a structural check of our own over the parsed pattern).
// 2. At run time an expression runs directly only when regex-cost.js proves it cheap for the
//    message at hand (dlp.js decides); every other one runs behind a time bound: on the relay on
//    a worker thread (regex-worker.js, the event loop never waits), in the dashboard's dry run
//    here, inside node:vm with a timeout (RegexRunner: one Script.runInContext call per message
//    for all of them). Either way a pattern that slipped past the check, or a polynomial one
//    (\d+x against a long run of digits), stops at the bound. The rules that finished keep their
//    matches; the rest report an error and the caller decides (the relay fails closed). V8 checks
//    for termination inside its regexp backtracking loop, so the bound holds in the middle of a
//    single exec.

const vm = require('node:vm')
const { parseRegex } = require('./regex-ast')
const { findHazards, nullable } = require('./regex-safety')
const { toSpans } = require('./regex-exec')

/** @typedef {import('./types').Span} Span */

const ALLOWED_FLAGS = 'imsu'
const MAX_PATTERN_LENGTH = 1000
// Matches kept per rule and segment: enough for any minCount, bounded memory on hostile input.
const MAX_MATCHES = 1000

/**
 * Why a custom pattern cannot be saved, or null when it can.
 * @param {string} pattern
 * @param {string} [flags]
 * @returns {string | null}
 */
function regexRefusal(pattern, flags = '') {
  if (typeof pattern !== 'string' || pattern === '') return 'The pattern is empty.'
  if (pattern.length > MAX_PATTERN_LENGTH) return `The pattern is longer than ${MAX_PATTERN_LENGTH} characters.`
  for (const [i, f] of [...flags].entries()) {
    if (!ALLOWED_FLAGS.includes(f) || flags.indexOf(f) !== i) return flagsRefusal(flags)
  }
  try {
    new RegExp(pattern, flags)
  } catch (error) {
    return `The pattern is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}.`
  }
  const root = parseRegex(pattern, flags)
  /** @type {string | null} */
  let refusal = null
  const refuse = (/** @type {string} */ message) => {
    refusal ??= message
  }
  visitAll(root, (node) => {
    if (node.type === 'backref') refuse(`Backreferences are not allowed (${quote(pattern, node)}).`)
    if (node.type === 'group' && node.kind === 'behind') refuse(`Lookbehind is not allowed (${quote(pattern, node)}).`)
  })
  if (refusal) return refusal
  const [hazard] = findHazards(root)
  if (!hazard) {
    if (nullable(root)) return 'The pattern can match empty text, so it would match everywhere; require a character.'
    return null
  }
  const at = quote(pattern, hazard.at)
  if (hazard.kind === 'empty-repeat') {
    return `${at} repeats a part that can match empty text, which can take exponential time on some input.`
  }
  const inner = hazard.inner ? quote(pattern, hazard.inner) : at
  if (hazard.kind === 'overlap') {
    return (
      `${at} repeats alternatives that can start with the same character (${inner}), so the same text ` +
      'can be matched in many ways, which can take exponential time on some input. ' +
      'Make the alternatives start differently.'
    )
  }
  return (
    `${at} repeats ${inner}, and what can follow ${inner} there can also continue it, so the same text can be ` +
    'matched in many ways, which can take exponential time on some input. Separate the repeated parts by a character ' +
    `${inner} cannot match, e.g. ([a-z]+\\.)+ instead of ([a-z]+\\.?)+.`
  )
}

/** @param {string} flags */
const flagsRefusal = (flags) => `Flags may only be i, m, s and u, each once (got "${flags}").`

/**
 * @param {string} pattern
 * @param {{ start: number, end: number }} node
 */
function quote(pattern, node) {
  const text = pattern.slice(node.start, node.end)
  return `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`
}

/**
 * @param {import('./regex-ast').Node} node
 * @param {(node: import('./regex-ast').Node) => void} fn
 */
function visitAll(node, fn) {
  fn(node)
  if (node.type === 'alt') for (const seq of node.alts) visitAll(seq, fn)
  else if (node.type === 'seq') for (const item of node.items) visitAll(item, fn)
  else if (node.type === 'group' || node.type === 'repeat') visitAll(node.body, fn)
}

// The code that runs inside the vm context: every expression over every text, writing its
// matches into job.out as it finishes each one, so a timeout keeps the finished rules' results.
// It runs our code only (a pattern can do nothing but match).
const RUN_ALL = new vm.Script(
  `'use strict'
  ;(function (job) {
    for (var r = job.done; r < job.res.length; r++) {
      var re = job.res[r]
      if (re === null) {
        job.out.push(null)
        job.done = r + 1
        continue
      }
      var perText = []
      for (var t = 0; t < job.texts.length; t++) {
        var text = job.texts[t]
        var found = []
        var m
        re.lastIndex = 0
        while (found.length < job.cap * 2 && (m = re.exec(text)) !== null) {
          if (re.lastIndex === m.index) {
            re.lastIndex = m.index + (text.codePointAt(m.index) > 0xffff ? 2 : 1)
            continue
          }
          found.push(m.index, re.lastIndex)
        }
        perText.push(found)
      }
      job.out.push(perText)
      job.done = r + 1
    }
  })(job)`,
  { filename: 'switchyard-dlp-regex' },
)

/**
 * @typedef {object} RegexJob
 * @property {(RegExp | null)[]} res   null: not run here
 * @property {string[]} texts
 * @property {number} cap
 * @property {number} done
 * @property {(number[][] | null)[]} out
 */

/**
 * The compiled custom expressions of one rule set, run together under one time bound.
 * @typedef {object} RegexRunOutcome
 * @property {(Span[][] | null)[]} matches   per expression: per text its matches, or null
 * @property {(string | null)[]} errors      per expression: why it has no result
 */

class RegexRunner {
  /** @param {{ pattern: string, flags?: string }[]} rules  each already compiled once by the caller */
  constructor(rules) {
    this.res = rules.map((r) => new RegExp(r.pattern, `${r.flags ?? ''}g`))
    /** @type {{ job: RegexJob | null }} */
    this.sandbox = { job: null }
    this.context = vm.createContext(this.sandbox, {
      name: 'switchyard-dlp-regex',
      codeGeneration: { strings: false, wasm: false },
    })
  }

  /**
   * @param {string[]} texts
   * @param {number} budgetMs   for all expressions over all texts together
   * @param {readonly boolean[]} [skip]   per expression: true when it is run elsewhere (its slot stays null, no error)
   * @returns {RegexRunOutcome}
   */
  run(texts, budgetMs, skip) {
    const res = skip ? this.res.map((re, r) => (skip[r] ? null : re)) : this.res
    /** @type {RegexJob} */
    const job = { res, texts, cap: MAX_MATCHES, done: 0, out: [] }
    this.sandbox.job = job
    let timedOut = false
    try {
      RUN_ALL.runInContext(this.context, { timeout: boundMs(budgetMs) })
    } catch (error) {
      if (!(error && /** @type {{ code?: string }} */ (error).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT')) throw error
      timedOut = true
    } finally {
      this.sandbox.job = null
    }
    /** @type {RegexRunOutcome} */
    const outcome = { matches: [], errors: [] }
    for (let r = 0; r < this.res.length; r++) {
      const out = job.out[r]
      if (r < job.done || skip?.[r]) {
        outcome.matches.push(out ? out.map(toSpans) : null)
        outcome.errors.push(null)
      } else {
        outcome.matches.push(null)
        outcome.errors.push(
          r === job.done && timedOut
            ? `The expression did not finish within the time bound (${budgetMs} ms for all custom expressions ` +
                'of a message).'
            : 'The expression was not run: the time bound for custom expressions was used up by another rule.',
        )
      }
    }
    return outcome
  }
}

// vm wants a whole number of milliseconds, at least 1; a bound there must always be.
/** @param {number} ms */
const boundMs = (ms) => (Number.isFinite(ms) ? Math.min(Math.max(1, Math.ceil(ms)), 60_000) : 60_000)

module.exports = { regexRefusal, flagsRefusal, RegexRunner, MAX_MATCHES, ALLOWED_FLAGS, boundMs }
