// @ts-check
'use strict'

// Haraka plugin "switchyard": enforces the control plane's policy snapshot on every message
// (AUTH against local verifiers; kill switches, source CIDRs, envelope and header From, rate
// limits; content profiles: viruses, spam, DLP and attachment rules, quarantine, enforced TLS),
// DKIM-signs with the domain's key, routes the outbound queue to the smarthost and reports every
// outcome as an event through the on-disk spool. See relay/README.md.

const { OK, DENY, DENYSOFT, DENYSOFTDISCONNECT } = require('haraka-constants')
const DSN = require('haraka-dsn')
const { Runtime, pluginLog } = require('./lib/runtime')
const { judgeMessage, stalePolicy, verdict } = require('./lib/checks')
const { verifyCredential } = require('./lib/credentials')
const { rejectedEvent, acceptedEvents } = require('./lib/events')
const { deliveredEvents, deferredEvents, bouncedEvents, addressText } = require('./lib/outcome-events')
const { headerFromAddresses, fromHeaderProblem, ensureMessageId } = require('./lib/headers')
const { signTransaction, watchBody } = require('./lib/dkim-signer')
const { checkMessageRate, checkRecipient } = require('./lib/recipient-limits')
const { checkSuppressed } = require('./lib/suppressions')
const { stripOwnHeaders, addTag } = require('./lib/message-tag')
const { checkContent, readMessage } = require('./lib/content-check')
const { rejectText, findingDetail, scannerNames, tagValue } = require('./lib/content/verdict')
const { installForceTls } = require('./lib/tls-enforcement')
const { quarantineEntry } = require('./lib/quarantine-entry')
const { installQueueLoadFix } = require('./lib/haraka-queue-fixes')
const { installStopSignals, drainAndExit } = require('./lib/graceful-stop')

/**
 * @typedef {import('./haraka').Plugin} Plugin
 * @typedef {import('./haraka').Server} Server
 * @typedef {import('./haraka').Connection} Connection
 * @typedef {import('./haraka').Next} Next
 * @typedef {import('./haraka').MxNext} MxNext
 * @typedef {import('./haraka').AuthCallback} AuthCallback
 * @typedef {import('./haraka').HMailItem} HMailItem
 * @typedef {import('./haraka').DeliveredParams} DeliveredParams
 * @typedef {import('./haraka').DeferredParams} DeferredParams
 * @typedef {import('./haraka').BounceError} BounceError
 * @typedef {import('@haraka/email-address').Address} Address
 * @typedef {import('./lib/checks').Verdict} Verdict
 * @typedef {import('./lib/events').SessionInfo} SessionInfo
 * @typedef {import('./lib/events').MessageInfo} MessageInfo
 * @typedef {import('./lib/content-check').ContentCheck} ContentCheck
 * @typedef {import('./haraka').Transaction} Transaction
 */

/** @type {Runtime | null} */
let runtime = null
// Outcome events must be on disk before Haraka deletes (or reschedules) the queue file.
const DURABLE = { durable: true }
// The content verdict of a message between the end of DATA and queueing (not in the notes:
// those are written into every queue file).
/** @type {WeakMap<Transaction, ContentCheck>} */
const contentChecks = new WeakMap()

/** @param {Plugin} plugin */
function rt(plugin) {
  if (!runtime) runtime = new Runtime(plugin)
  return runtime
}

/** @param {Verdict} v */
function dsnOf(v) {
  const [, sub, det] = v.enhanced.split('.').map(Number)
  return DSN.create(v.code, v.text, sub, det)
}

// What events say about a session: who authenticated (if anyone), from where, under which policy.
/**
 * @param {Connection} connection
 * @param {Runtime} r
 * @param {{ username?: string, from?: string }} [known]
 * @returns {SessionInfo}
 */
function sessionInfo(connection, r, { username, from } = {}) {
  const auth = connection.notes.switchyard
  return {
    username: username ?? auth?.username,
    credentialId: auth?.credentialId,
    senderId: auth?.senderId,
    clientIp: connection.remote.ip,
    policyVersion: r.policy.version,
    from,
  }
}

// Refusals before a successful AUTH are aggregated per client IP and minute (they cost an
// attacker nothing); after it, each is one event.
/**
 * @param {Connection} connection
 * @param {Runtime} r
 * @param {SessionInfo} info
 * @param {Verdict} v
 */
function recordRejection(connection, r, info, v) {
  if (!connection.notes.switchyard) return r.recordRefusal(info, v)
  const seq = (connection.notes.switchyard_rejects || 0) + 1
  connection.notes.switchyard_rejects = seq
  r.record([rejectedEvent(`rej.${connection.uuid}.${seq}`, info, v)])
}

// Rejects the current command with the verdict's exact code and records the event (unless the
// verdict says not to).
/**
 * @param {Next} next
 * @param {Connection} connection
 * @param {Runtime} r
 * @param {SessionInfo} info
 * @param {Verdict} v
 */
function refuse(next, connection, r, info, v) {
  if (v.record !== false) recordRejection(connection, r, info, v)
  next(v.code >= 500 ? DENY : DENYSOFT, dsnOf(v))
}

// New mail is deferred while the spool cannot take its events (the runtime's warning says so);
// not recorded as an event: that would need the spool.
/** @param {Runtime} r */
function deferForFullSpool(r) {
  r.deferredForFullSpool++
  return { ...verdict('policy', 451, '4.3.1', 'Relay event spool is full, try again later'), record: false }
}

/**
 * @param {Plugin} plugin
 * @param {Server} server
 */
function startRuntime(plugin, server) {
  const listen = (server.listeners || [])
    .map((l) => l.address?.())
    .filter((a) => typeof a === 'object' && a !== null)
    .map((a) => `${a.address}:${a.port}`)
    .join(',')
  rt(plugin).start(listen)
  // The launcher's readiness handshake (independent of the log level).
  process.stdout.write(`switchyard ready listen=${listen}\n`)
}

/** @this {Plugin} */
exports.register = function () {
  this.inherits('auth/auth_base')
  // The secret is checked once and not kept in connection.notes.
  this.blankout_password = true
  process.once('exit', () => runtime?.stop())
  // TLS-required domains (live from the policy) and require_tls messages: lib/tls-enforcement.js.
  installForceTls(require('Haraka/outbound/hmail'), () => runtime?.policy.index?.tlsRequiredDomains)
  // Deferred mail is due at its time after a restart, not twice as late (lib/haraka-queue-fixes.js).
  if (installQueueLoadFix(require('Haraka/outbound/queue'))) this.loginfo('outbound queue load fix installed')
  installStopSignals()
}

// With nodes=0 the master serves; when clustered each worker does.
/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Server} server
 */
exports.hook_init_master = function (next, server) {
  if (!server.cluster) startRuntime(this, server)
  next()
}

/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Server} server
 */
exports.hook_init_child = function (next, server) {
  startRuntime(this, server)
  next()
}

// A normal stop (graceful_shutdown): timers and pollers stop, deliveries in flight finish.
/** @this {Plugin} */
exports.shutdown = function () {
  runtime?.stop()
  const timeoutMs = runtime?.settings.drainTimeoutMs ?? 30_000
  drainAndExit({ queue: require('Haraka/outbound/queue'), timeoutMs, log: runtime?.log ?? pluginLog(this) })
}

// Haraka never disables Nagle: without this every reply waits ~40 ms for a delayed ACK.
/**
 * @param {Next} next
 * @param {Connection} connection
 */
exports.hook_connect_init = (next, connection) => {
  const socket = connection.client?.targetsocket ?? connection.client
  socket?.setNoDelay?.(true)
  next()
}

// Submission clients authenticate; reverse DNS would only add latency.
/**
 * @param {Next} next
 * @param {Connection} connection
 */
exports.hook_lookup_rdns = (next, connection) => next(OK, connection.remote.ip)

/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Connection} connection
 */
exports.hook_connect = function (next, connection) {
  const r = rt(this)
  if (r.policy.usableIndex()) return next()
  const v = { ...stalePolicy(), code: 421 }
  recordRejection(connection, r, sessionInfo(connection, r), v)
  next(DENYSOFTDISCONNECT, dsnOf(v))
}

// AUTH PLAIN/LOGIN only, and only once the session is encrypted.
/**
 * @param {Next} next
 * @param {Connection} connection
 */
exports.hook_capabilities = (next, connection) => {
  if (connection.tls.enabled) {
    connection.capabilities.push('AUTH PLAIN LOGIN')
    connection.notes.allowed_auth_methods = ['PLAIN', 'LOGIN']
  }
  next()
}

/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Connection} connection
 * @param {string[]} params
 */
exports.hook_unrecognized_command = function (next, connection, params) {
  if (String(params[0]).toUpperCase() === 'AUTH' && !connection.tls.enabled) {
    connection.respond(538, '5.7.11 Encryption required: use STARTTLS before AUTH', () => next(OK))
    return
  }
  const r = rt(this)
  if (String(params[0]).toUpperCase() === 'AUTH' && r.authThrottle.lockedFor(connection.remote.ip) > 0) {
    const v = verdict(
      'auth',
      421,
      '4.7.0',
      'Too many failed authentication attempts from your address, try again later',
    )
    recordRejection(connection, r, sessionInfo(connection, r), v)
    return next(DENYSOFTDISCONNECT, `${v.enhanced} ${v.text}`)
  }
  this.base['auth/auth_base'].hook_unrecognized_command.call(this, next, connection, params)
}

/**
 * @this {Plugin}
 * @param {Connection} connection
 * @param {string} user
 * @param {string} passwd
 * @param {AuthCallback} cb
 */
exports.check_plain_passwd = function (connection, user, passwd, cb) {
  const r = rt(this)
  const info = sessionInfo(connection, r, { username: user })
  const index = r.policy.usableIndex()
  if (!index) {
    recordRejection(connection, r, info, { ...stalePolicy(), code: 454 })
    return cb(false, { code: 454, message: '4.3.5 Relay policy is unavailable or out of date, try again later' })
  }
  const result = verifyCredential(index, user, passwd, Date.now())
  if (!result.ok) {
    r.authThrottle.recordFailure(connection.remote.ip)
    recordRejection(
      connection,
      r,
      { ...info, credentialId: result.credential?.id, senderId: result.credential?.sender.id },
      {
        ...verdict('auth', 535, '5.7.8', 'Authentication failed'),
        detail: `Authentication failed: ${result.why}`,
      },
    )
    return cb(false)
  }
  connection.notes.switchyard = {
    username: user,
    credentialId: result.credential.id,
    senderId: result.credential.sender.id,
  }
  cb(true)
}

// Re-evaluated for every message, so a kill switch also stops an already-open connection: the
// rules the end of DATA judges again (judgeMessage), then the sender's rate limits.
/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Connection} connection
 * @param {[Address, ...unknown[]]} params
 */
exports.hook_mail = function (next, connection, params) {
  const r = rt(this)
  const now = Date.now()
  const from = params[0]
  const address = from.isNull?.() ? '' : addressText(from)
  const info = sessionInfo(connection, r, { from: address })
  const judged = judgeMessage(
    r.policy.usableIndex(now),
    { username: info.username, ip: connection.remote.ip },
    {
      label: 'Envelope From',
      addresses: [address],
      problem: address ? null : 'The null sender <> is not allowed here',
      hold: () => (r.spool.full ? deferForFullSpool(r) : null),
    },
    now,
  )
  if (judged.verdict) return refuse(next, connection, r, info, judged.verdict)
  const { index, sender, credential } = judged
  // Asynchronous: with shared limits the counters are in Redis (bounded by redis_timeout_ms).
  checkMessageRate(r.rates, sender, now).then(
    (limited) => {
      if (limited) return refuse(next, connection, r, info, limited)
      /** @type {MessageInfo} */
      const message = {
        ...info,
        from: address,
        senderId: sender.id,
        credentialId: credential.id,
        policyVersion: index.version,
      }
      const txn = connection.transaction
      if (txn) txn.notes.switchyard = message
      // The DKIM body hash is computed while DATA arrives, not by replaying the message at the end.
      watchBody(txn)
      next()
    },
    (err) => rateCheckFailed(next, r, err),
  )
}

// A rate check that threw (a bug, not Redis being down: that falls back): defer, never accept
// uncounted.
/**
 * @param {Next} next
 * @param {Runtime} r
 * @param {unknown} err
 */
function rateCheckFailed(next, r, err) {
  r.log.error(`rate limit check failed: ${err instanceof Error ? err.message : String(err)}`)
  next(DENYSOFT, dsnOf(verdict('rate', 451, '4.3.0', 'Rate limits could not be checked, try again later')))
}

// A suppressed recipient is refused 550 5.1.1 (it costs no rate). Each recipient counts against
// the sender's rate limits; past the per-message cap 452 4.5.3. Only the first refused RCPT of a
// message per reason is recorded as an event (a message to 5,000 recipients would otherwise write
// thousands).
/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Connection} connection
 * @param {[Address, ...unknown[]]} params
 */
exports.hook_rcpt = function (next, connection, params) {
  const r = rt(this)
  const txn = connection.transaction
  const info = txn?.notes?.switchyard
  const index = r.policy.usableIndex()
  const sender = info && index?.senders.get(info.senderId)
  if (!txn || !info || !index || !sender) return next()
  const now = Date.now()
  // Haraka has already appended this recipient to rcpt_to.
  const suppressed = checkSuppressed(index.suppressions, sender.id, addressText(params?.[0] ?? txn.rcpt_to.at(-1)), now)
  if (suppressed) return refuseRecipient(next, connection, r, info, suppressed)
  checkRecipient(index, r.rates, sender, txn.rcpt_to.length - 1, now).then(
    (refused) => (refused ? refuseRecipient(next, connection, r, info, refused) : next()),
    (err) => rateCheckFailed(next, r, err),
  )
}

/**
 * @param {Next} next
 * @param {Connection} connection
 * @param {Runtime} r
 * @param {MessageInfo} info
 * @param {Verdict} refused
 */
function refuseRecipient(next, connection, r, info, refused) {
  const txn = connection.transaction
  if (!txn) return next(refused.code >= 500 ? DENY : DENYSOFT, dsnOf(refused))
  txn.notes.switchyard_rcpt_refused ??= {}
  const recorded = txn.notes.switchyard_rcpt_refused
  if (recorded[refused.reason]) return next(refused.code >= 500 ? DENY : DENYSOFT, dsnOf(refused))
  recorded[refused.reason] = true
  refuse(next, connection, r, info, refused)
}

// End of DATA: the same rules again (a switch may have been engaged meanwhile) with the header
// From, then the content profile (lib/content-check.js), then the DKIM signature.
/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Connection} connection
 */
exports.hook_data_post = function (next, connection) {
  const r = rt(this)
  const txn = connection.transaction
  const info = txn?.notes.switchyard
  if (!txn || !info) return next(DENY, 'No sender context')
  const now = Date.now()
  const addresses = headerFromAddresses(txn.header)
  const judged = judgeMessage(
    r.policy.usableIndex(now),
    { username: info.username, ip: connection.remote.ip },
    { label: 'Header From', addresses, problem: fromHeaderProblem(txn.header) },
    now,
  )
  if (judged.verdict) return refuse(next, connection, r, info, judged.verdict)
  const { index } = judged
  const domainOf = (/** @type {string} */ a) => a.slice(a.lastIndexOf('@') + 1).toLowerCase()
  const messageId = ensureMessageId(txn, domainOf(addresses[0]))
  const queueId = txn.uuid
  info.messageId = messageId
  info.queueId = queueId
  info.policyVersion = index.version
  checkContent({ index, info, txn, connection, settings: r.settings }).then(
    (check) => {
      const refusal = check && contentRefusal(r, check)
      if (refusal) return refuse(next, connection, r, info, refusal)
      // X-Switchyard-* are the relay's: what the client wrote is dropped, the signed tag added.
      stripOwnHeaders(txn)
      if (index.messageTagKey) addTag(txn, index.messageTagKey, { senderId: info.senderId, queueId, messageId })
      if (check) applyContentVerdict(r, txn, check)
      const dkim = index.dkim.get(domainOf(addresses[0])) ?? index.dkim.get(domainOf(info.from))
      if (!dkim) return next()
      signTransaction(txn, dkim).then(
        () => next(),
        (err) => {
          connection.logerror(this, `DKIM signing for ${dkim.domain} failed, sending unsigned: ${err.message}`)
          next()
        },
      )
    },
    // Whatever broke, the message is not passed unchecked.
    (err) => {
      connection.logerror(this, `content check failed: ${err instanceof Error ? err.stack : err}`)
      const v = verdict('scanner', 451, '4.7.1', 'Content check failed, try again later')
      refuse(next, connection, r, info, { ...v, detail: `content check failed: ${err?.message ?? err}` })
    },
  )
}

// A content verdict that refuses the message: 550 naming the rule (never what matched), or 451
// naming the scanner that could not answer. null: the message goes on.
/**
 * @param {import('./lib/runtime').Runtime} r
 * @param {ContentCheck} check
 * @returns {Verdict | null}
 */
function contentRefusal(r, check) {
  const v = check.verdict
  if (v.outcome === 'reject' && v.rejectedBy) {
    const f = v.rejectedBy
    return { ...verdict(f.kind, 550, '5.7.1', rejectText(f)), detail: findingDetail(f) }
  }
  if (v.outcome === 'defer') {
    const names = scannerNames(v.failures)
    return {
      ...verdict('scanner', 451, '4.7.1', `Content scanner unavailable (${names}), try again later`),
      detail: v.failures.map((f) => `${f.scanner}: ${f.detail}`).join('; '),
    }
  }
  if (v.unscanned) r.noteUnscanned(v.failures)
  return null
}

// A message that goes on: tagged with the rules that fired (and what was not scanned), TLS
// forced when a rule requires it, and its verdict kept for queueing (quarantine).
/**
 * @param {import('./lib/runtime').Runtime} r
 * @param {Transaction} txn
 * @param {ContentCheck} check
 */
function applyContentVerdict(r, txn, check) {
  const tag = tagValue(check.verdict)
  if (tag) txn.add_header('X-Switchyard-Content', tag)
  if (check.verdict.requireTls) txn.notes.switchyard_require_tls = true
  contentChecks.set(txn, check)
  r.log.debug(`content ${txn.uuid}: ${check.verdict.outcome} in ${check.ms.toFixed(1)} ms`)
}

// A quarantined message is accepted (250) but not queued for delivery: stored durably first,
// then answered. Haraka queues only when no queue_outbound hook answers OK.
/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Connection} connection
 */
exports.hook_queue_outbound = function (next, connection) {
  const txn = connection.transaction
  const check = txn && contentChecks.get(txn)
  if (!txn || check?.verdict.outcome !== 'quarantine') return next()
  const r = rt(this)
  readMessage(txn)
    .then(async (raw) => {
      const entry = quarantineEntry(txn, raw, check)
      await r.quarantine.hold(raw, entry)
      txn.notes.switchyard_quarantined = entry.id
      next(OK, `queued as quarantine ${entry.id}`)
    })
    .catch((err) => {
      connection.logerror(this, `quarantine store failed: ${err instanceof Error ? err.stack : err}`)
      next(DENYSOFT, DSN.create(451, 'Quarantine unavailable, try again later', 3, 0))
    })
}

// The message is in Haraka's queue: one "accepted" event per recipient, spooled without waiting
// for the disk (that would add its latency to every reply); the outcome events below do wait,
// until they are fdatasync'd, before Haraka may delete or reschedule the queue file.
/**
 * @this {Plugin}
 * @param {Next} next
 * @param {Connection} connection
 */
exports.hook_queue_ok = function (next, connection) {
  const txn = connection.transaction
  const info = txn?.notes?.switchyard
  if (txn && info) {
    const check = contentChecks.get(txn)
    const detail = check ? acceptedDetail(check, txn.notes.switchyard_quarantined) : undefined
    rt(this).record(acceptedEvents(txn.uuid, info, txn.rcpt_to.map(addressText), detail))
  }
  next()
}

// What an accepted event says about the content verdict.
/**
 * @param {ContentCheck} check
 * @param {string | undefined} quarantineId
 */
function acceptedDetail(check, quarantineId) {
  const v = check.verdict
  const parts = []
  if (quarantineId) parts.push(`quarantined as ${quarantineId}`)
  if (v.ruleNames.length) parts.push(`content rules: ${v.ruleNames.join(', ')}`)
  if (v.requireTls) parts.push('TLS required for delivery')
  if (v.unscanned) parts.push(`accepted unscanned (${scannerNames(v.failures)})`)
  return parts.length ? parts.join('; ') : undefined
}

// Every queued message goes to the configured next hop (smarthost) instead of the MX. Without a
// smarthost, a recipient domain's MTA-STS policy in mode enforce limits delivery to the MX hosts
// it names, over verified TLS (lib/mta-sts.js, lib/tls-enforcement.js); none left: deferred.
/**
 * @this {Plugin}
 * @param {MxNext} next
 * @param {HMailItem} hmail
 * @param {string} domain
 */
exports.hook_get_mx = function (next, hmail, domain) {
  const r = rt(this)
  const smarthost = r.settings.smarthost
  if (smarthost) return next(OK, { exchange: smarthost.host, port: smarthost.port, priority: 0 })
  r.mtaSts.decide(domain).then(
    (decision) => {
      hmail.switchyard_mta_sts = decision.enforce
      if (!decision.enforce) return next()
      if (!decision.mx.length) return next(DENYSOFT, `MTA-STS: no MX host of ${domain} matches its policy`)
      next(OK, decision.mx)
    },
    // No policy could be determined (mailauth answers errors itself): Haraka's own MX lookup.
    (err) => {
      r.log.warn(`MTA-STS check for ${domain} failed: ${err?.message ?? err}`)
      next()
    },
  )
}

/**
 * @this {Plugin}
 * @param {Next} next
 * @param {HMailItem} hmail
 * @param {DeliveredParams} params
 */
exports.hook_delivered = function (next, hmail, params) {
  const [, , response, , , , okRecipients, secured] = params
  const r = rt(this)
  const quarantineId = hmail.todo?.notes?.switchyard_quarantine
  // A released quarantine message: marked delivered before Haraka removes its queue file.
  const released = quarantineId
    ? r.quarantine
        .delivered(quarantineId, (okRecipients || []).map(addressText))
        .catch((err) => this.logerror(`quarantine ${quarantineId}: ${err.message}`))
    : Promise.resolve()
  Promise.all([
    r.record(deliveredEvents(hmail, okRecipients || [], response, secured === true), DURABLE),
    released,
  ]).then(() => next())
}

/**
 * @this {Plugin}
 * @param {Next} next
 * @param {HMailItem} hmail
 * @param {DeferredParams} params
 */
exports.hook_deferred = function (next, hmail, params) {
  rt(this)
    .record(deferredEvents(hmail, params), DURABLE)
    .then(() => next())
}

// Recorded as an event; next(OK) suppresses the DSN to the (machine) sender.
/**
 * @this {Plugin}
 * @param {Next} next
 * @param {HMailItem} hmail
 * @param {BounceError} err
 */
exports.hook_bounce = function (next, hmail, err) {
  rt(this)
    .record(bouncedEvents(hmail, err), DURABLE)
    .then(() => next(OK))
}
