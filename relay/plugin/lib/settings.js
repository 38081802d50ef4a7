// @ts-check
'use strict'

// Settings of the switchyard plugin, read from config/switchyard.ini of the Haraka instance
// (written by relay/launch.ts). The relay token is never written to disk: it comes from the
// SWITCHYARD_RELAY_TOKEN environment variable of the Haraka process.

const path = require('node:path')
const { MAX_POLL_WAIT_S } = require('./contract')

const DEFAULTS = {
  name: 'relay',
  control_url: '',
  state_dir: '',
  max_staleness_s: 3600,
  poll_wait_s: 25,
  poll_max_backoff_s: 15,
  events_max_backoff_s: 30,
  events_ship_interval_ms: 500,
  heartbeat_interval_s: 5,
  smarthost: '',
  software_version: 'switchyard-relay/0.1',
  listen: '',
  // Unauthenticated refusals become one event per client IP, refusal kind and window.
  refusal_window_s: 60,
  // SMTP AUTH throttle per client IP: this many failures within the window lock AUTH (421).
  auth_fail_limit: 5,
  auth_fail_window_s: 300,
  auth_lock_s: 900,
  // The event spool's size on disk past which it is full (see event-spool.js: what happens then).
  spool_max_mb: 256,
  // A POST /events body stays under this (the contract allows 2 MB).
  events_batch_max_bytes: 1024 * 1024,
  // Content scanners (issue 13): clamd as host:port or a unix socket path, rspamd's normal worker
  // as http://host:port (or host:port). Empty: not configured — a profile that needs it then
  // finds it unavailable (its onScannerFailure applies), never skipped silently.
  clamd: '',
  rspamd: '',
  scanner_timeout_s: 30,
  // Wall-clock bound of a message's custom DLP expressions together (lib/content/dlp.js).
  dlp_time_budget_ms: 50,
  // A normal stop (SIGINT/SIGTERM) waits this long for deliveries in flight (lib/graceful-stop.js).
  drain_timeout_s: 30,
  // Shared rate limits (REDIS_URL in the environment): a Redis call not answered by then is
  // decided by the local fallback share instead (RCPT waits at most this long).
  redis_timeout_ms: 100,
}

/**
 * @typedef {ReturnType<typeof loadSettings>} Settings
 * @typedef {{ host: string, port: number }} HostPort
 */

/**
 * @param {unknown} value
 * @param {number} fallback
 */
function num(value, fallback) {
  const n = Number(value)
  return Number.isFinite(n) && n >= 0 ? n : fallback
}

/**
 * @param {unknown} text
 * @returns {HostPort | null}
 */
function parseHostPort(text) {
  if (!text) return null
  const match = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(String(text).trim())
  if (!match) return { host: String(text).trim(), port: 25 }
  return { host: match[1], port: Number(match[2]) }
}

// clamd: "/run/clamav/clamd.ctl" (a unix socket) or "host:port" (3310 when no port is given).
/**
 * @param {unknown} text
 * @param {number} timeoutMs
 * @returns {import('./content/clamd').ClamdOptions | null}
 */
function clamdOptions(text, timeoutMs) {
  const value = String(text ?? '').trim()
  if (!value) return null
  if (value.startsWith('/')) return { socketPath: value, timeoutMs }
  const hp = parseHostPort(value)
  return hp && { host: hp.host, port: /:\d+$/.test(value) ? hp.port : 3310, timeoutMs }
}

// rspamd: "http://host:port" or "host:port" (11333 when no port is given).
/**
 * @param {unknown} text
 * @param {number} timeoutMs
 * @returns {import('./content/rspamd').RspamdOptions | null}
 */
function rspamdOptions(text, timeoutMs) {
  const value = String(text ?? '').trim()
  if (!value) return null
  if (/^https?:\/\//i.test(value)) return { url: value, timeoutMs }
  return { url: `http://${/:\d+$/.test(value) ? value : `${value}:11333`}`, timeoutMs }
}

// ini: switchyard.ini as Haraka's config reads it ({ main: { key: value } }).
/**
 * @param {Record<string, Record<string, unknown>> | undefined} ini
 * @param {Record<string, string | undefined>} [env]
 */
function loadSettings(ini, env = process.env) {
  const main = { ...DEFAULTS, ...(ini?.main ?? {}) }
  const stateDir = path.resolve(String(main.state_dir || path.join(process.env.HARAKA || '.', 'state')))
  const maxStalenessMs = num(main.max_staleness_s, DEFAULTS.max_staleness_s) * 1000
  const scannerTimeoutMs = Math.max(1, num(main.scanner_timeout_s, DEFAULTS.scanner_timeout_s)) * 1000
  // A long-poll confirms the policy only when it returns: keep it well inside the staleness limit.
  const pollWaitS = Math.min(
    MAX_POLL_WAIT_S,
    num(main.poll_wait_s, DEFAULTS.poll_wait_s),
    Math.floor(maxStalenessMs / 3000),
  )
  return {
    name: String(main.name),
    controlUrl: String(main.control_url || env.SWITCHYARD_CONTROL_URL || '').replace(/\/+$/, ''),
    token: env.SWITCHYARD_RELAY_TOKEN || '',
    stateDir,
    maxStalenessMs,
    pollWaitS,
    pollMaxBackoffMs: num(main.poll_max_backoff_s, DEFAULTS.poll_max_backoff_s) * 1000,
    eventsMaxBackoffMs: num(main.events_max_backoff_s, DEFAULTS.events_max_backoff_s) * 1000,
    eventsShipIntervalMs: num(main.events_ship_interval_ms, DEFAULTS.events_ship_interval_ms),
    heartbeatIntervalMs: num(main.heartbeat_interval_s, DEFAULTS.heartbeat_interval_s) * 1000,
    smarthost: parseHostPort(main.smarthost),
    softwareVersion: String(main.software_version),
    refusalWindowMs: Math.max(1, num(main.refusal_window_s, DEFAULTS.refusal_window_s)) * 1000,
    authFailLimit: Math.max(1, Math.floor(num(main.auth_fail_limit, DEFAULTS.auth_fail_limit))),
    authFailWindowMs: num(main.auth_fail_window_s, DEFAULTS.auth_fail_window_s) * 1000,
    authLockMs: num(main.auth_lock_s, DEFAULTS.auth_lock_s) * 1000,
    spoolMaxBytes: Math.floor(num(main.spool_max_mb, DEFAULTS.spool_max_mb) * 1024 * 1024),
    eventsBatchMaxBytes: Math.max(1024, Math.floor(num(main.events_batch_max_bytes, DEFAULTS.events_batch_max_bytes))),
    clamd: clamdOptions(main.clamd, scannerTimeoutMs),
    rspamd: rspamdOptions(main.rspamd, scannerTimeoutMs),
    dlpTimeBudgetMs: Math.max(1, num(main.dlp_time_budget_ms, DEFAULTS.dlp_time_budget_ms)),
    drainTimeoutMs: num(main.drain_timeout_s, DEFAULTS.drain_timeout_s) * 1000,
    // Like the token, from the environment: the URL may carry a password.
    redisUrl: env.REDIS_URL || '',
    redisPrefix: env.SWITCHYARD_REDIS_PREFIX || 'switchyard:',
    redisTimeoutMs: Math.max(1, num(main.redis_timeout_ms, DEFAULTS.redis_timeout_ms)),
  }
}

module.exports = { loadSettings, parseHostPort }
