// @ts-check
'use strict'

// One runtime per Haraka process (the process that listens: the only one with nodes=0, each
// worker when clustered — then each has its own poller, counters and spool directory).

const path = require('node:path')
const fs = require('node:fs')
const { loadSettings } = require('./settings')
const { PolicyState } = require('./policy-state')
const { PolicyPoller } = require('./policy-poller')
const { EventSpool } = require('./event-spool')
const { EventSender } = require('./event-sender')
const { Heartbeat } = require('./heartbeat')
const { RateLimits } = require('./rate-limits')
const { AuthThrottle } = require('./auth-throttle')
const { RefusalAggregator } = require('./refusal-aggregator')
const { messageOf } = require('./errors')
const { QuarantineStore } = require('./quarantine-store')
const { Quarantine } = require('./quarantine')
const { harakaOutbound } = require('./outbound-inject')
const { ScannerStatus } = require('./scanner-status')
const { MtaSts } = require('./mta-sts')

/**
 * @typedef {import('../haraka').Plugin} Plugin
 * @typedef {import('../haraka').PluginConfig} PluginConfig
 * @typedef {import('./events').SessionInfo} SessionInfo
 * @typedef {import('./checks').Verdict} Verdict
 * @typedef {import('../contract-types').RelayEvent} RelayEvent
 * @typedef {{ debug: (m: string) => void, info: (m: string) => void, notice: (m: string) => void,
 *   warn: (m: string) => void, error: (m: string) => void }} Log
 */

// How long the heartbeat keeps warning after the last message accepted unscanned.
const UNSCANNED_WARNING_MS = 60 * 60 * 1000

function workerSuffix() {
  // require() gives the cluster object itself; @types/node declares it as the default export only.
  const cluster = /** @type {import('node:cluster').Cluster} */ (/** @type {unknown} */ (require('node:cluster')))
  const id = process.env.CLUSTER_MASTER_PID ? cluster.worker?.id : null
  return id ? `w${id}` : 'main'
}

/** @param {PluginConfig} config */
function queueDir(config) {
  const configured = config.get('queue_dir')
  return configured ? path.resolve(configured) : path.resolve(process.env.HARAKA || '.', 'queue')
}

// The plugin's log methods as the libraries take them.
/**
 * @param {Plugin} plugin
 * @returns {Log}
 */
function pluginLog(plugin) {
  return {
    debug: (m) => plugin.logdebug(m),
    info: (m) => plugin.loginfo(m),
    notice: (m) => plugin.lognotice(m),
    warn: (m) => plugin.logwarn(m),
    error: (m) => plugin.logerror(m),
  }
}

class Runtime {
  /** @param {Plugin} plugin */
  constructor(plugin) {
    const log = pluginLog(plugin)
    this.log = log
    this.settings = loadSettings(plugin.config.get('switchyard.ini'))
    fs.mkdirSync(this.settings.stateDir, { recursive: true })
    this.policy = new PolicyState({
      stateDir: this.settings.stateDir,
      maxStalenessMs: this.settings.maxStalenessMs,
      log,
    })
    this.policy.loadFromDisk()
    this.rates = new RateLimits({ settings: this.settings, log })
    this.spool = new EventSpool({
      dir: path.join(this.settings.stateDir, 'spool', workerSuffix()),
      log,
      maxBytes: this.settings.spoolMaxBytes,
    })
    this.spool.open()
    this.authThrottle = new AuthThrottle({
      limit: this.settings.authFailLimit,
      windowMs: this.settings.authFailWindowMs,
      lockMs: this.settings.authLockMs,
    })
    // Unauthenticated refusals: aggregated, and the first thing dropped when the spool is full.
    this.refusals = new RefusalAggregator({
      windowMs: this.settings.refusalWindowMs,
      emit: (events) => this.spool.append(events, { droppable: true }),
      log,
    })
    this.deferredForFullSpool = 0
    this.started = false
    this.queueDir = queueDir(plugin.config)
    // Quarantined messages: one store per serving process, like the spool.
    this.quarantine = new Quarantine({
      settings: this.settings,
      store: new QuarantineStore({ dir: path.join(this.settings.stateDir, 'quarantine', workerSuffix()), log }).open(),
      outbound: harakaOutbound(this.queueDir),
      log,
    })
    this.scanners = new ScannerStatus({ settings: this.settings, policy: () => this.policy.index })
    // Recipient domains' MTA-STS policies, for direct delivery (no smarthost).
    this.mtaSts = new MtaSts({ log })
    // Messages accepted unscanned because a profile says so (onScannerFailure 'accept'), per
    // scanner: the heartbeat warns while the last one is recent.
    /** @type {Map<string, { count: number, lastAt: number, detail: string }>} */
    this.unscanned = new Map()
  }

  // A message accepted although a scanner could not check it (the profile allows it).
  /** @param {{ scanner: string, detail: string }[]} failures */
  noteUnscanned(failures) {
    const now = Date.now()
    for (const f of failures) {
      const seen = this.unscanned.get(f.scanner) ?? { count: 0, lastAt: 0, detail: '' }
      this.unscanned.set(f.scanner, { count: seen.count + 1, lastAt: now, detail: f.detail })
    }
  }

  /** @param {string} listen the addresses Haraka listens on, "host:port,…" */
  start(listen) {
    if (this.started) return
    this.started = true
    if (!this.settings.controlUrl || !this.settings.token) {
      this.log.error(
        'control_url or SWITCHYARD_RELAY_TOKEN missing: the relay cannot fetch a policy and refuses all mail',
      )
    }
    const sender = new EventSender({ settings: this.settings, spool: this.spool, log: this.log })
    this.sender = sender
    const heartbeat = new Heartbeat({
      settings: this.settings,
      state: this.policy,
      spool: this.spool,
      queueDir: this.queueDir,
      log: this.log,
      warnings: () => this.warnings(),
      scanners: this.scanners,
      rateLimits: this.rates,
      // A beat taken means the control plane and its database answer: spooled events need not
      // wait out their backoff (the poller's probe may have recovered while the database had not).
      onAnswered: () => sender.retryNow(),
    })
    this.heartbeat = heartbeat
    const quarantine = this.quarantine
    this.poller = new PolicyPoller({
      settings: this.settings,
      state: this.policy,
      log: this.log,
      onApplied: (index) => {
        heartbeat.send()
        // Release/delete commands ride on the snapshot (within a second of the control plane's).
        if (index) quarantine.onCommands(index.quarantineCommands)
      },
      // It probes every ~0.5–0.75 s while the control plane is away: events resume within a second.
      onReachable: () => sender.retryNow(),
    })
    // After recovering an interrupted release, the commands of the snapshot kept on disk.
    quarantine
      .start()
      .then(() => quarantine.onCommands(this.policy.index?.quarantineCommands ?? []))
      .catch((err) => this.log.error(`quarantine: ${messageOf(err)}`))
    this.sender.start()
    this.refusals.start()
    this.poller.start()
    heartbeat.start(listen)
  }

  // Spooled; the promise resolves once written ({ durable: true }: once fdatasync'd).
  /**
   * @param {RelayEvent[]} events
   * @param {{ durable?: boolean }} [options]
   */
  record(events, options) {
    return this.spool.append(events, options)
  }

  // An unauthenticated refusal: counted per client IP and window, not one event each.
  /**
   * @param {SessionInfo} info
   * @param {Verdict} verdict
   */
  recordRefusal(info, verdict) {
    this.refusals.add(info, verdict)
  }

  // What the heartbeat tells the dashboard, besides the policy's own warnings.
  warnings() {
    /** @type {string[]} */
    const out = []
    const spool = this.spool
    if (spool.full) {
      const size = (/** @type {number} */ bytes) =>
        bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`
      out.push(
        `Event spool full (${size(spool.bytes)} of ${size(spool.maxBytes)} unsent): new mail is deferred with 451 (${this.deferredForFullSpool} so far) and unauthenticated refusals are not recorded (${spool.dropped} dropped); outcomes of queued mail are still kept. Check that events reach the control plane.`,
      )
    } else if (spool.dropped > 0) {
      out.push(`Event spool was full: ${spool.dropped} unauthenticated refusal(s) were not recorded.`)
    }
    if (spool.setAside > 0)
      out.push(
        `${spool.setAside} event(s) the control plane refused for good were set aside in the spool's rejected/ directory.`,
      )
    const recent = Date.now() - UNSCANNED_WARNING_MS
    for (const [scanner, u] of this.unscanned) {
      if (u.lastAt < recent) continue
      const last = new Date(u.lastAt).toISOString()
      out.push(
        `${u.count} message(s) accepted UNSCANNED by ${scanner} (the content profile accepts on scanner ` +
          `failure), last ${last}: ${u.detail}`,
      )
    }
    out.push(...this.quarantine.warnings())
    return out
  }

  stop() {
    this.rates.stop()
    this.quarantine.stop()
    this.refusals.stop()
    this.poller?.stop()
    this.sender?.stop()
    this.heartbeat?.stop()
    try {
      this.spool.closeSync()
    } catch (err) {
      this.log.error(`closing the spool: ${messageOf(err)}`)
    }
  }
}

module.exports = { Runtime, pluginLog }
