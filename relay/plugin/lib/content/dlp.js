// @ts-check
'use strict'

// The DLP engine: rules × segments of one message → findings (what fired, where, how often, with
// redacted samples) and errors (rules that could not run; the caller fails closed). The relay
// calls scanSegmentsAsync on every message; the control plane's dry run calls dryRun, which goes
// through the same evaluate() and the same findings code, so the two cannot disagree.
//
// A rule fires when its matches that have a near keyword close enough (when it names some),
// counted over all segments of the message, reach minCount. Matches are capped per rule and
// segment (MAX_MATCHES), which bounds memory, never the verdict: minCount is far below it.

const { findCards } = require('./card')
const { findIbans } = require('./iban')
const { compileKeywords, findKeywords, findKeywordsNear } = require('./keywords')
const { nearFilter } = require('./near')
const { redactMatch, contextAround } = require('./redact')
const { RegexRunner, MAX_MATCHES, ALLOWED_FLAGS, flagsRefusal, regexRefusal } = require('./regex-rule')
const { stepsPerStart } = require('./regex-cost')
const { matchAll, toSpans } = require('./regex-exec')
const regexWorker = require('./regex-worker')
const { htmlToText } = require('./html-text')

/**
 * @typedef {import('./types').DlpRule} DlpRule
 * @typedef {import('./types').Segment} Segment
 * @typedef {import('./types').Span} Span
 * @typedef {import('./types').MaskStyle} MaskStyle
 * @typedef {import('./types').MaskedSpan} MaskedSpan
 * @typedef {import('./types').Finding} Finding
 * @typedef {import('./types').RuleError} RuleError
 * @typedef {import('./types').ScanResult} ScanResult
 * @typedef {import('./types').ScanOptions} ScanOptions
 */

const DEFAULT_TIME_BUDGET_MS = 50
const SAMPLES_PER_FINDING = 3
const DRY_RUN_MATCHES_PER_RULE = 20
// An expression runs directly on the calling thread when the save check accepts it and its
// worst case over the message (steps per start position × characters, regex-cost.js) stays
// under this. Measured at ≤ 1.4 ns a step on the worst input for the densest shapes the save check
// accepts (\d{0,50}\d{0,50}x over digits, (?:a|a){1,12}! over a's), so ≤ ~3 ms of main thread at
// the very worst, usual patterns far less. Anything else runs behind the time bound, off the loop.
const DIRECT_STEP_LIMIT = 2_000_000

/**
 * A rule made ready to run: its compiled keyword expressions, its place among the custom
 * expressions, or why it cannot run.
 * @typedef {object} PreparedRule
 * @property {DlpRule} rule
 * @property {MaskStyle} mask
 * @property {RegExp | null} keywords
 * @property {RegExp | null} near
 * @property {number} within
 * @property {number} regexIndex   index into the runner's expressions, -1 for other detectors
 * @property {string | null} error
 */

/**
 * @typedef {object} Prepared
 * @property {PreparedRule[]} rules
 * @property {RegExp[]} res   the custom expressions, compiled (g flag)
 * @property {RegexRunner | null} runner   runs them in vm; made on first need (the dry run's
 *   guarded expressions), never on the relay
 * @property {{ pattern: string, flags?: string }[]} exprs
 * @property {number[]} steps   per expression: worst steps per start position when the save check
 *   accepts it (Infinity when not, or when unbounded)
 */

/** @type {WeakMap<readonly DlpRule[], Prepared>} */
const preparedCache = new WeakMap()

/**
 * Compiles a rule set once; kept as long as the caller keeps the same array (the relay keeps
 * the one from its policy snapshot), so a message pays for no compiling.
 * @param {readonly DlpRule[]} rules
 * @returns {Prepared}
 */
function prepare(rules) {
  const cached = preparedCache.get(rules)
  if (cached) return cached
  /** @type {{ pattern: string, flags?: string }[]} */
  const regexes = []
  const prepared = rules.map((rule) => {
    /** @type {PreparedRule} */
    const p = {
      rule,
      mask: rule.detector === 'card' || rule.detector === 'iban' ? 'last4' : 'full',
      keywords: null,
      near: rule.near?.keywords?.length ? compileKeywords(rule.near.keywords) : null,
      within: Math.max(0, Number(rule.near?.within) || 0),
      regexIndex: -1,
      error: null,
    }
    if (rule.detector === 'keywords') {
      p.keywords = compileKeywords(rule.keywords ?? [])
      if (!p.keywords) p.error = 'The rule has no keywords.'
    } else if (rule.detector === 'regex') {
      p.error = compileError(rule.pattern ?? '', rule.flags ?? '')
      if (!p.error) {
        p.regexIndex = regexes.length
        regexes.push({ pattern: /** @type {string} */ (rule.pattern), flags: rule.flags })
      }
    } else if (rule.detector !== 'card' && rule.detector !== 'iban') {
      p.error = `Unknown detector "${String(rule.detector)}".`
    }
    return p
  })
  const steps = regexes.map(({ pattern, flags = '' }) =>
    regexRefusal(pattern, flags) === null ? stepsPerStart(pattern, flags) : Number.POSITIVE_INFINITY,
  )
  const res = regexes.map((r) => new RegExp(r.pattern, `${r.flags ?? ''}g`))
  /** @type {Prepared} */
  const result = { rules: prepared, res, runner: null, exprs: regexes, steps }
  preparedCache.set(rules, result)
  return result
}

// At run time only what makes a pattern unusable is an error (empty, bad flags, bad syntax). The
// shape check belongs to saving: a relay must not start refusing mail because a newer check judges
// an old rule differently, and the time bound holds whatever the shape (such a rule just never
// runs directly).
/** @param {string} pattern @param {string} flags */
function compileError(pattern, flags) {
  if (!pattern) return 'The pattern is empty.'
  if ([...flags].some((f, i) => !ALLOWED_FLAGS.includes(f) || flags.indexOf(f) !== i)) {
    return flagsRefusal(flags)
  }
  try {
    new RegExp(pattern, `${flags}g`)
    return null
  } catch (error) {
    return `The pattern is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}.`
  }
}

/**
 * Every rule's matches in every segment: all of them (for masking context) and those that count.
 * @typedef {object} Evaluation
 * @property {{ p: PreparedRule, all: Span[][], counted: Span[][], error: string | null }[]} rules
 * @property {MaskedSpan[][]} known   per segment, every match of every rule
 */

/** @typedef {import('./regex-rule').RegexRunOutcome} RegexRunOutcome */

/**
 * Which custom expressions must run behind the time bound for these texts (true), and the
 * outcome of those that may run directly, run here.
 * @param {Prepared} prepared
 * @param {string[]} texts
 * @returns {{ guarded: boolean[], direct: RegexRunOutcome }}
 */
function runDirect(prepared, texts) {
  const chars = texts.reduce((n, t) => n + t.length + 1, 0)
  const guarded = prepared.steps.map((steps) => steps * chars > DIRECT_STEP_LIMIT)
  /** @type {RegexRunOutcome} */
  const direct = { matches: [], errors: [] }
  guarded.forEach((g, r) => {
    const re = prepared.res[r]
    direct.matches.push(g ? null : texts.map((t) => toSpans(matchAll(re, t, MAX_MATCHES))))
    direct.errors.push(null)
  })
  return { guarded, direct }
}

/**
 * The direct outcome with the guarded expressions' outcome filled in.
 * @param {boolean[]} guarded @param {RegexRunOutcome} direct @param {RegexRunOutcome} rest
 * @returns {RegexRunOutcome}
 */
function merge(guarded, direct, rest) {
  return {
    matches: guarded.map((g, r) => (g ? rest.matches[r] : direct.matches[r])),
    errors: guarded.map((g, r) => (g ? rest.errors[r] : direct.errors[r])),
  }
}

/**
 * Synchronous: the guarded expressions run in vm with a timeout, which blocks the caller up to
 * the bound (the dashboard's dry run; the relay uses evaluateAsync).
 * @param {readonly DlpRule[]} rules
 * @param {readonly Segment[]} segments
 * @param {ScanOptions} options
 * @returns {Evaluation}
 */
function evaluate(rules, segments, options) {
  const prepared = prepare(rules)
  const texts = segments.map((s) => s.text)
  /** @type {RegexRunOutcome | null} */
  let outcome = null
  if (prepared.res.length) {
    const { guarded, direct } = runDirect(prepared, texts)
    outcome = direct
    if (guarded.some(Boolean)) {
      prepared.runner ??= new RegexRunner(prepared.exprs)
      const skip = guarded.map((g) => !g)
      outcome = merge(guarded, direct, prepared.runner.run(texts, options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS, skip))
    }
  }
  return assemble(prepared, segments, texts, outcome)
}

/**
 * The relay's: the guarded expressions run on the worker thread, the event loop stays free.
 * @param {readonly DlpRule[]} rules
 * @param {readonly Segment[]} segments
 * @param {ScanOptions} options
 * @returns {Promise<Evaluation>}
 */
async function evaluateAsync(rules, segments, options) {
  const prepared = prepare(rules)
  const texts = segments.map((s) => s.text)
  /** @type {RegexRunOutcome | null} */
  let outcome = null
  if (prepared.res.length) {
    const { guarded, direct } = runDirect(prepared, texts)
    outcome = direct
    const which = guarded.flatMap((g, r) => (g ? [r] : []))
    if (which.length) {
      const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS
      const exprs = which.map((r) => prepared.exprs[r])
      const got = await regexWorker.shared.run(exprs, texts, MAX_MATCHES, budget)
      /** @type {RegexRunOutcome} */
      const rest = { matches: guarded.map(() => null), errors: guarded.map(() => null) }
      which.forEach((r, k) => {
        rest.matches[r] = got.matches[k]
        rest.errors[r] = got.errors[k]
      })
      outcome = merge(guarded, direct, rest)
    }
  }
  return assemble(prepared, segments, texts, outcome)
}

/**
 * @param {Prepared} prepared
 * @param {readonly Segment[]} segments
 * @param {string[]} texts
 * @param {RegexRunOutcome | null} regexOutcome
 * @returns {Evaluation}
 */
function assemble(prepared, segments, texts, regexOutcome) {
  /** @type {Map<string, Span[][]>} built-in detectors run once per message, whatever rules use them */
  const builtIn = new Map()
  const detect = (/** @type {'card' | 'iban'} */ kind) => {
    let found = builtIn.get(kind)
    if (!found) {
      const find = kind === 'card' ? findCards : findIbans
      found = texts.map((t) => find(t, MAX_MATCHES))
      builtIn.set(kind, found)
    }
    return found
  }
  /** @type {MaskedSpan[][]} */
  const known = segments.map(() => [])
  const results = prepared.rules.map((p) => {
    /** @type {Span[][] | null} */
    let all = null
    let error = p.error
    if (!error) {
      if (p.rule.detector === 'card' || p.rule.detector === 'iban') all = detect(p.rule.detector)
      else if (p.rule.detector === 'keywords') all = texts.map((t) => findKeywords(p.keywords, t, MAX_MATCHES))
      else if (regexOutcome) {
        all = regexOutcome.matches[p.regexIndex]
        error = regexOutcome.errors[p.regexIndex]
      }
    }
    const spans = all ?? segments.map(() => [])
    spans.forEach((list, i) => {
      for (const s of list) known[i].push({ start: s.start, end: s.end, mask: p.mask })
    })
    const near = p.near
    const counted = near
      ? spans.map((list, i) =>
          list.length ? nearFilter(list, findKeywordsNear(near, texts[i], list, p.within), p.within) : list,
        )
      : spans
    return { p, all: spans, counted, error }
  })
  return { rules: results, known }
}

/** @param {DlpRule} rule */
const minCountOf = (rule) => Math.max(1, Math.floor(Number(rule.minCount)) || 1)

/**
 * Findings and errors of an evaluation (shared by the relay and the dry run).
 * @param {Evaluation} evaluation
 * @param {readonly Segment[]} segments
 * @returns {ScanResult}
 */
function findingsOf(evaluation, segments) {
  /** @type {Finding[]} */
  const findings = []
  /** @type {RuleError[]} */
  const errors = []
  for (const { p, counted, error } of evaluation.rules) {
    const { rule } = p
    if (error) {
      errors.push({ ruleId: rule.id, ruleName: rule.name, message: error })
      continue
    }
    const total = counted.reduce((n, list) => n + list.length, 0)
    if (total < minCountOf(rule)) continue
    counted.forEach((list, i) => {
      if (!list.length) return
      const { where, text } = segments[i]
      const samples = list.slice(0, SAMPLES_PER_FINDING).map((span) => ({
        redacted: redactMatch(text.slice(span.start, span.end), p.mask),
        context: contextAround(text, span, evaluation.known[i], p.mask),
      }))
      const { id: ruleId, name: ruleName, action } = rule
      findings.push({ kind: 'dlp', ruleId, ruleName, action, where, count: list.length, samples })
    })
  }
  return { findings, errors }
}

/**
 * The DLP findings of one message, synchronously (guarded expressions block up to the bound in vm).
 * @param {readonly DlpRule[]} rules   keep passing the same array: its compiled form is cached on it
 * @param {readonly Segment[]} segments
 * @param {ScanOptions} [options]
 * @returns {ScanResult}
 */
function scanSegments(rules, segments, options = {}) {
  return findingsOf(evaluate(rules, segments, options), segments)
}

/**
 * The same, without blocking the event loop: expressions not proven cheap run on a worker thread.
 * @param {readonly DlpRule[]} rules   keep passing the same array: its compiled form is cached on it
 * @param {readonly Segment[]} segments
 * @param {ScanOptions} [options]
 * @returns {Promise<ScanResult>}
 */
async function scanSegmentsAsync(rules, segments, options = {}) {
  return findingsOf(await evaluateAsync(rules, segments, options), segments)
}

/**
 * The segments of a message or a pasted sample: subject, text body, HTML body as text, and
 * text-like attachments (already decoded by the caller).
 * @param {{ subject?: string | null, text?: string | null, html?: string | null,
 *   attachments?: { name: string, text: string }[] }} message
 * @returns {Segment[]}
 */
function messageSegments(message) {
  /** @type {Segment[]} */
  const segments = []
  if (message.subject) segments.push({ where: 'subject', text: message.subject })
  if (message.text) segments.push({ where: 'text', text: message.text })
  if (message.html) segments.push({ where: 'html', text: htmlToText(message.html) })
  for (const a of message.attachments ?? []) segments.push({ where: `attachment:${a.name}`, text: a.text })
  return segments
}

/**
 * One rule's outcome in a dry run.
 * @typedef {object} DryRunRule
 * @property {string} ruleId
 * @property {string} ruleName
 * @property {'matched' | 'not_matched' | 'error'} outcome
 * @property {number} count       matches that count (near keyword satisfied), over all segments
 * @property {number} minCount
 * @property {string | null} error
 * @property {{ where: string, start: number, end: number, redacted: string, context: string }[]} matches
 */

/**
 * The control plane's dry run: which rules match a pasted sample and where (positions in the
 * segment's text; for HTML, in its text form), everything redacted; plus the findings the relay
 * would produce for the same content.
 * @param {readonly DlpRule[]} rules
 * @param {{ subject?: string | null, text?: string | null, html?: string | null }} sample
 * @param {ScanOptions} [options]
 * @returns {ScanResult & { rules: DryRunRule[] }}
 */
function dryRun(rules, sample, options = {}) {
  const segments = messageSegments(sample)
  const evaluation = evaluate(rules, segments, options)
  const result = findingsOf(evaluation, segments)
  const perRule = evaluation.rules.map(({ p, counted, error }) => {
    const count = counted.reduce((n, list) => n + list.length, 0)
    const minCount = minCountOf(p.rule)
    /** @type {DryRunRule['matches']} */
    const matches = []
    counted.forEach((list, i) => {
      const { where, text } = segments[i]
      for (const span of list) {
        if (matches.length >= DRY_RUN_MATCHES_PER_RULE) return
        matches.push({
          where,
          start: span.start,
          end: span.end,
          redacted: redactMatch(text.slice(span.start, span.end), p.mask),
          context: contextAround(text, span, evaluation.known[i], p.mask),
        })
      }
    })
    /** @type {DryRunRule['outcome']} */
    const outcome = error ? 'error' : count >= minCount ? 'matched' : 'not_matched'
    return { ruleId: p.rule.id, ruleName: p.rule.name, outcome, count, minCount, error, matches }
  })
  return { ...result, rules: perRule }
}

module.exports = { scanSegments, scanSegmentsAsync, dryRun, messageSegments, DEFAULT_TIME_BUDGET_MS }
