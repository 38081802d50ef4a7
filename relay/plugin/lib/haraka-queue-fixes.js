// @ts-check
'use strict'

// Small, documented corrections to Haraka's outbound queue (node_modules/Haraka/outbound/queue.js,
// 3.3.4), applied once by the plugin at register time, before Haraka loads the queue.

/**
 * @typedef {{ running: number, tasks: unknown[], _process: () => void }} HarakaWorkQueue
 * @typedef {{ _add_hmail?: (hmail: unknown) => void, cur_time?: Date, delivery_queue: HarakaWorkQueue,
 *   __switchyardLoadFix?: boolean }} HarakaOutboundQueue
 * @typedef {import('./runtime').Log} Log
 */

// How often the drain checks whether the deliveries in flight have ended.
const DRAIN_CHECK_MS = 50
// After the last delivery ends, time for its queue file's unlink (an async fs call Haraka does
// not await) before the process exits on its own or is made to.
const UNLINK_SETTLE_MS = 500

// Deferred mail after a restart waited twice its remaining delay: at start, _load_cur_queue sets
// `cur_time` once; a queue file not yet due goes on the temp-fail timer for (due - cur_time), is
// then loaded, and _add_hmail compares its due time with that same frozen cur_time — so it is put
// on the timer for the same delay again (due 54 s after a restart → delivered at 108 s). Comparing
// with the clock at the moment the file is loaded delivers it when due.
/** @param {HarakaOutboundQueue} queue */
function installQueueLoadFix(queue) {
  const original = queue._add_hmail
  if (typeof original !== 'function' || queue.__switchyardLoadFix) return false
  queue.__switchyardLoadFix = true
  queue._add_hmail = (hmail) => {
    queue.cur_time = new Date()
    return original(hmail)
  }
  return true
}

// A normal stop: start no further delivery (mail not started stays in the queue directory and goes
// out after the restart) and resolve once the deliveries in flight have ended — each one's queue
// file removed (delivered, bounced) or rewritten (deferred) — or at the timeout.
/**
 * @param {HarakaOutboundQueue} queue
 * @param {{ timeoutMs: number, log: Log }} options
 * @returns {Promise<boolean>} whether everything in flight ended in time
 */
function drainDeliveries(queue, { timeoutMs, log }) {
  const deliveries = queue.delivery_queue
  deliveries._process = () => {}
  const deadline = Date.now() + timeoutMs
  if (deliveries.running > 0) log.notice(`stopping: waiting for ${deliveries.running} delivery(ies) in flight`)
  return new Promise((resolve) => {
    const check = () => {
      if (deliveries.running === 0) return setTimeout(() => resolve(true), UNLINK_SETTLE_MS)
      if (Date.now() >= deadline) return resolve(false)
      setTimeout(check, DRAIN_CHECK_MS)
    }
    check()
  })
}

module.exports = { installQueueLoadFix, drainDeliveries }
