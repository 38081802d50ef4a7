// @ts-check
'use strict'

// Custom expressions that are not proven cheap (regex-cost.js) run here, on a persistent worker
// thread, so the relay's event loop never waits on them: a message's expressions go to the thread
// as one job, answers come back one expression at a time, and a main-thread timer bounds the job.
// On timeout the thread is terminated (V8 stops it even inside a regexp's backtracking loop) and
// a new one is started as a spare in a turn of its own, after the verdict (startSpareSoon); the finished expressions keep their matches, the rest
// report an error, and the caller fails closed. Jobs run one after another: the time bound of a
// job starts when the thread takes it, so a stalled job delays the jobs behind it by at most the
// bound and never eats their budget (the bound starts when the thread says it has the job). Messages whose expressions all run directly never wait here.

const path = require('node:path')
const { Worker } = require('node:worker_threads')
const { toSpans } = require('./regex-exec')
const { boundMs } = require('./regex-rule')

/**
 * @typedef {{ pattern: string, flags?: string }} Expr
 * @typedef {import('./regex-rule').RegexRunOutcome} RegexRunOutcome
 * @typedef {{ exprs: Expr[], texts: string[], cap: number, budgetMs: number,
 *   resolve: (outcome: RegexRunOutcome) => void }} Job
 */

const THREAD_FILE = path.join(__dirname, 'regex-worker-thread.js')

class RegexWorker {
  constructor() {
    /** @type {Worker | null} */
    this.worker = null
    /** @type {Job[]} */
    this.queue = []
    /** @type {{ id: number, job: Job, found: (number[][] | null)[], left: number, timer: NodeJS.Timeout | null } | null} */
    this.current = null
    this.nextId = 1
    /** @type {Worker | null} a thread started ahead, taken by the next job after a timeout */
    this.spare = null
    this.spareSoon = false
    /** Threads started so far (a restart after every timeout), for tests and figures. */
    this.started = 0
  }

  /**
   * Runs the expressions over the texts on the worker thread, within budgetMs of its own time.
   * @param {Expr[]} exprs
   * @param {string[]} texts
   * @param {number} cap        matches kept per expression and text
   * @param {number} budgetMs   for all expressions over all texts together
   * @returns {Promise<RegexRunOutcome>}
   */
  run(exprs, texts, cap, budgetMs) {
    if (!exprs.length) return Promise.resolve({ matches: [], errors: [] })
    return new Promise((resolve) => {
      this.queue.push({ exprs, texts, cap, budgetMs, resolve })
      this.pump()
    })
  }

  /** Starts the next job when the thread is free. */
  pump() {
    if (this.current) return
    if (!this.worker && this.spareSoon) return // the replacement starts in its own turn, then pumps
    const job = this.queue.shift()
    if (!job) return
    const worker = this.thread()
    const id = this.nextId++
    this.current = {
      id,
      job,
      found: job.exprs.map(() => null),
      left: job.exprs.length,
      timer: null, // set when the thread takes the job
    }
    worker.ref() // a job waiting for its answer keeps the process alive, as any pending I/O does
    worker.postMessage({ job: id, exprs: job.exprs, texts: job.texts, cap: job.cap })
  }

  /** The live thread: the spare when there is one, else one started now (the first job's). */
  thread() {
    if (this.worker) return this.worker
    this.worker = this.spare ?? this.spawn()
    this.spare = null
    return this.worker
  }

  /**
   * After a timeout (or a lost thread): the replacement is started in a turn of its own, after the
   * verdict went out, not when the next job comes: starting a thread costs the event loop about a
   * millisecond (more on a busy machine), which then adds to no message's scan: a job that comes
   * before it waits that turn (pump). Only threads that were lost are replaced, so a relay that
   * never meets a hostile expression runs one thread.
   */
  startSpareSoon() {
    if (this.spareSoon) return
    this.spareSoon = true
    setImmediate(() => {
      this.spareSoon = false
      if (!this.spare && !this.worker) this.spare = this.spawn()
      this.pump()
    })
  }

  /** @returns {Worker} */
  spawn() {
    const worker = new Worker(THREAD_FILE)
    this.started++
    worker.on('message', (/** @type {{ job: number, index: number, found: number[][] }} */ msg) => {
      const current = this.current
      if (!current || current.id !== msg.job) return // an answer to a job that already timed out
      if (msg.index === -1) {
        current.timer = setTimeout(() => this.timeOut(msg.job), boundMs(current.job.budgetMs))
        return
      }
      current.found[msg.index] = msg.found
      if (--current.left === 0) this.finish(null)
    })
    worker.on('error', (error) => this.lose(worker, `the expression thread failed: ${error.message}`))
    worker.on('exit', () => this.lose(worker, 'the expression thread stopped'))
    worker.unref() // after the listeners (they ref it): an idle thread keeps nothing alive
    return worker
  }

  /** @param {number} id */
  timeOut(id) {
    if (this.current?.id !== id) return
    const { budgetMs } = this.current.job
    const worker = this.worker
    this.worker = null
    void worker?.terminate()
    this.finish(
      `The expression did not finish within the time bound (${budgetMs} ms for all custom expressions of a message).`,
    )
    this.startSpareSoon()
  }

  /** @param {Worker} worker @param {string} why */
  lose(worker, why) {
    if (this.spare === worker) this.spare = null
    if (this.worker !== worker) return // terminated by us after a timeout: already handled
    this.worker = null
    if (this.current) this.finish(`The expression could not run: ${why}.`)
    this.startSpareSoon()
  }

  /** Resolves the current job; `stopped` says why the unfinished expressions have no result. */
  finish(/** @type {string | null} */ stopped) {
    const current = this.current
    if (!current) return
    if (current.timer) clearTimeout(current.timer)
    this.current = null
    this.worker?.unref()
    const firstMissing = current.found.indexOf(null)
    /** @type {RegexRunOutcome} */
    const outcome = { matches: [], errors: [] }
    current.found.forEach((found, r) => {
      outcome.matches.push(found ? found.map(toSpans) : null)
      outcome.errors.push(
        found
          ? null
          : r === firstMissing
            ? (stopped ?? 'The expression did not answer.')
            : 'The expression was not run: the time bound for custom expressions was used up by another rule.',
      )
    })
    current.job.resolve(outcome)
    this.pump()
  }
}

/** The process's one expression thread (started on first use). */
const shared = new RegexWorker()

module.exports = { RegexWorker, shared }
