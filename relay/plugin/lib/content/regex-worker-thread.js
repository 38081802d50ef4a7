// @ts-check
'use strict'

// The worker thread behind regex-worker.js: runs the custom expressions the main thread must not
// (not proven cheap), answering each one as soon as it finishes, so a timeout keeps the finished
// ones. A stalled expression stalls this thread only; the main thread terminates it.

const { parentPort } = require('node:worker_threads')
const { matchAll } = require('./regex-exec')

/** @type {Map<string, RegExp>} compiled once per pattern for the life of the thread */
const compiled = new Map()

/** @param {{ pattern: string, flags?: string }} e */
function regexOf(e) {
  const key = `${e.flags ?? ''}/${e.pattern}`
  let re = compiled.get(key)
  if (!re) {
    re = new RegExp(e.pattern, `${e.flags ?? ''}g`)
    compiled.set(key, re)
  }
  return re
}

parentPort?.on(
  'message',
  /** @param {{ job: number, exprs: { pattern: string, flags?: string }[], texts: string[], cap: number }} msg */
  (msg) => {
    // The job's time starts now, not when it was posted: a thread just started (after a timeout)
    // takes a few tens of milliseconds to get here, which must not count against the message.
    parentPort?.postMessage({ job: msg.job, index: -1 })
    msg.exprs.forEach((e, index) => {
      const re = regexOf(e)
      const found = msg.texts.map((text) => matchAll(re, text, msg.cap))
      parentPort?.postMessage({ job: msg.job, index, found })
    })
  },
)
