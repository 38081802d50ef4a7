// @ts-check
'use strict'

// How the relay stops. Haraka handles SIGINT only (SIGTERM too when it runs as pid 1): with
// graceful_shutdown=true (relay/haraka-instance.ts) it closes its listeners and calls the plugins'
// shutdown(), with force_shutdown_timeout as the last resort. Here SIGTERM means the same, a
// closed stdin (the launcher died, even by SIGKILL) too, and the plugin's shutdown waits for the
// deliveries in flight before exiting: a delivery cut off after the next hop took the message but
// before its queue file was removed would go out again after the restart.

const { drainDeliveries } = require('./haraka-queue-fixes')

/**
 * @typedef {import('./runtime').Log} Log
 * @typedef {import('./haraka-queue-fixes').HarakaOutboundQueue} HarakaOutboundQueue
 */

// Set by relay/haraka-process.ts, which gives Haraka a stdin pipe it never writes to.
const EXIT_WITH_STDIN_ENV = 'SWITCHYARD_EXIT_WITH_STDIN'

// Haraka's own SIGINT handler does the rest (a second signal forces the exit).
function requestStop() {
  process.emit('SIGINT', 'SIGINT')
}

function installStopSignals() {
  if (process.listenerCount('SIGTERM') === 0) process.on('SIGTERM', requestStop)
  if (process.env[EXIT_WITH_STDIN_ENV] === '1') {
    process.stdin.on('end', requestStop)
    process.stdin.on('error', requestStop)
    process.stdin.resume()
  }
}

let stopping = false
// The plugin's shutdown(): the caller stops its own timers first; the spool stays open for the
// outcome events of the deliveries still finishing, and is closed by the exit handler.
/**
 * @param {{ queue: HarakaOutboundQueue, timeoutMs: number, log: Log }} options
 */
function drainAndExit({ queue, timeoutMs, log }) {
  if (stopping) return
  stopping = true
  drainDeliveries(queue, { timeoutMs, log }).then((drained) => {
    if (drained) log.notice('stopping: no delivery in flight, exiting')
    else log.warn(`stopping: deliveries still in flight after ${timeoutMs / 1000} s, exiting anyway`)
    process.exit(0)
  })
}

module.exports = { installStopSignals, drainAndExit, EXIT_WITH_STDIN_ENV }
