// @ts-check
'use strict'

// Turns a policy snapshot (lib/relay-contract/schemas.ts, policySnapshotSchema) into the lookup
// tables the SMTP hooks use. Built once per snapshot, then swapped in with one assignment, so a
// hook sees either the old policy or the new one, never a mix.

const crypto = require('node:crypto')
const { buildNetworkList } = require('./networks')
const { maxRecipientsOf } = require('./recipient-limits')
const { buildSuppressions } = require('./suppressions')
const { messageOf } = require('./errors')

/**
 * @typedef {import('../contract-types').PolicySnapshot} PolicySnapshot
 * @typedef {import('../contract-types').PolicySender} PolicySender
 * @typedef {import('../contract-types').PolicyCredential} PolicyCredential
 * @typedef {import('../contract-types').PolicyDkim} PolicyDkim
 * @typedef {import('../contract-types').PolicyKillSwitch} PolicyKillSwitch
 * @typedef {import('../contract-types').PolicyContentProfile} PolicyContentProfile
 * @typedef {import('../contract-types').QuarantineCommand} QuarantineCommand
 * @typedef {import('node:net').BlockList} BlockList
 */

/**
 * A sender as the rules look it up (addresses and domains lower-cased).
 * @typedef {object} IndexedSender
 * @property {string} id
 * @property {string} name
 * @property {string} slug
 * @property {Set<string>} fromDomains
 * @property {Set<string>} exactAddresses   "user@domain" entries of fromAddresses
 * @property {Set<string>} wildcardDomains  domains of the "*@domain" entries
 * @property {boolean} restrictsAddresses   false: any address at fromDomains
 * @property {BlockList | null} networks    null: any source address
 * @property {number} rateLimitPerMinute
 * @property {number} rateLimitPerDay
 * @property {string | null} contentProfileId  null: no content checks
 */

/**
 * @typedef {object} IndexedCredential
 * @property {string} id
 * @property {string} username
 * @property {Buffer} verifier            SHA-256 of the secret
 * @property {number | null} expiresAtMs
 * @property {BlockList | null} networks  narrows the sender's
 * @property {IndexedSender} sender
 */

/**
 * @typedef {object} IndexedKillSwitch
 * @property {string} id
 * @property {PolicyKillSwitch['scope']} scope
 * @property {string | null} target
 * @property {string} reason
 * @property {number | null} expiresAtMs
 */

/**
 * Kill switches by scope; sender and credential by id, domain by lower-cased name.
 * @typedef {object} KillSwitches
 * @property {IndexedKillSwitch[]} global
 * @property {Map<string, IndexedKillSwitch[]>} sender
 * @property {Map<string, IndexedKillSwitch[]>} credential
 * @property {Map<string, IndexedKillSwitch[]>} domain
 */

/**
 * @typedef {object} DkimKey
 * @property {string} domain
 * @property {string} selector
 * @property {'rsa' | 'ed25519'} algorithm
 * @property {import('node:crypto').KeyObject} key
 * @property {string} pem
 */

/**
 * @typedef {object} PolicyIndex
 * @property {number} version
 * @property {string} generatedAt
 * @property {Map<string, IndexedSender>} senders          by id
 * @property {Map<string, IndexedCredential>} credentials  by username
 * @property {Map<string, DkimKey>} dkim                   by lower-cased domain
 * @property {KillSwitches} killSwitches
 * @property {number} maxRecipientsPerMessage
 * @property {Buffer | null} messageTagKey
 * @property {Map<string, PolicyContentProfile>} contentProfiles  by id
 * @property {Set<string>} tlsRequiredDomains  lower-cased recipient domains (and their subdomains)
 * @property {QuarantineCommand[]} quarantineCommands  release/delete commands (for every relay)
 * @property {import('./suppressions').SuppressionIndex} suppressions  suppressed recipients (global, per sender)
 * @property {string[]} warnings  what the snapshot held that the relay skipped
 */

class PolicyError extends Error {}

/**
 * @template T
 * @param {T[]} value
 * @param {string} name
 * @returns {T[]}
 */
function requireArray(value, name) {
  if (!Array.isArray(value)) throw new PolicyError(`snapshot.${name} must be an array`)
  return value
}

/** @param {string[] | undefined} list */
function lower(list) {
  return (list || []).map((s) => String(s).toLowerCase())
}

/** @param {string | null} iso */
function timeOrNull(iso) {
  if (!iso) return null
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new PolicyError(`bad time ${iso}`)
  return ms
}

// Collects what a snapshot held that the relay could not use; each skipped entry narrows the
// policy (never widens it) and is reported in the heartbeat (policyState.warnings).
/**
 * @param {string[] | undefined} cidrs
 * @param {string} owner
 * @param {string[]} warnings
 */
function networksOf(cidrs, owner, warnings) {
  return buildNetworkList(cidrs || [], (entry, reason) =>
    warnings.push(`${owner}: network "${entry}" skipped (${reason})`),
  )
}

/**
 * @param {PolicySender} raw
 * @param {string[]} warnings
 * @returns {IndexedSender}
 */
function buildSender(raw, warnings) {
  const exactAddresses = new Set()
  const wildcardDomains = new Set()
  for (const entry of lower(raw.fromAddresses)) {
    if (entry.startsWith('*@')) wildcardDomains.add(entry.slice(2))
    else exactAddresses.add(entry)
  }
  return {
    id: String(raw.id),
    name: String(raw.name),
    slug: String(raw.slug ?? ''),
    fromDomains: new Set(lower(raw.fromDomains)),
    exactAddresses,
    wildcardDomains,
    restrictsAddresses: exactAddresses.size + wildcardDomains.size > 0,
    networks: networksOf(raw.cidrs, `sender ${raw.slug ?? raw.id}`, warnings),
    rateLimitPerMinute: Number(raw.rateLimitPerMinute),
    rateLimitPerDay: Number(raw.rateLimitPerDay),
    contentProfileId: raw.contentProfileId ? String(raw.contentProfileId) : null,
  }
}

// RSA and Ed25519 keys, signed by lib/dkim-signer.js.
/**
 * @param {string} domain
 * @param {PolicyDkim | null} dkim
 * @param {((message: string) => void) | undefined} log
 * @returns {DkimKey | null}
 */
function buildDkim(domain, dkim, log) {
  if (!dkim) return null
  try {
    const key = crypto.createPrivateKey(dkim.privateKeyPem)
    const keyType = key.asymmetricKeyType
    if (keyType !== 'rsa' && keyType !== 'ed25519') throw new Error(`unsupported key type ${keyType}`)
    return { domain, selector: String(dkim.selector), algorithm: keyType, key, pem: dkim.privateKeyPem }
  } catch (err) {
    log?.(`DKIM key of ${domain} unusable, mail from it goes unsigned: ${messageOf(err)}`)
    return null
  }
}

/**
 * @template V
 * @param {Map<string, V[]>} map
 * @param {string} key
 * @param {V} value
 */
function pushTo(map, key, value) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

/**
 * @param {PolicyKillSwitch[]} raw
 * @returns {KillSwitches}
 */
function buildKillSwitches(raw) {
  /** @type {KillSwitches} */
  const switches = { global: [], sender: new Map(), credential: new Map(), domain: new Map() }
  for (const sw of raw) {
    const entry = {
      id: String(sw.id),
      scope: sw.scope,
      target: sw.target,
      reason: sw.reason,
      expiresAtMs: timeOrNull(sw.expiresAt),
    }
    if (sw.scope === 'global') switches.global.push(entry)
    else if (sw.scope === 'sender' || sw.scope === 'credential') pushTo(switches[sw.scope], String(sw.target), entry)
    else if (sw.scope === 'domain') pushTo(switches.domain, String(sw.target).toLowerCase(), entry)
    else throw new PolicyError(`unknown kill switch scope ${sw.scope}`)
  }
  return switches
}

/**
 * @param {PolicyCredential} c
 * @param {IndexedSender} sender
 * @param {string[]} warnings
 * @returns {IndexedCredential | null}
 */
function buildCredential(c, sender, warnings) {
  const owner = `sender ${sender.slug || sender.id} credential ${c.username}`
  if (!/^[0-9a-f]{64}$/.test(c.verifier)) {
    warnings.push(`${owner}: skipped (malformed verifier)`)
    return null
  }
  const expires = c.expiresAt ? Date.parse(c.expiresAt) : null
  if (expires !== null && Number.isNaN(expires)) {
    warnings.push(`${owner}: skipped (bad expiresAt)`)
    return null
  }
  return {
    id: String(c.id),
    username: String(c.username),
    verifier: Buffer.from(c.verifier, 'hex'),
    expiresAtMs: expires,
    networks: networksOf(c.cidrs, owner, warnings),
    sender,
  }
}

// Content profiles by id. A profile the relay cannot read is left out: a sender naming it then
// finds no profile and its mail is deferred (content-check.js), never passed unscanned.
/**
 * @param {PolicyContentProfile[] | undefined} raw
 * @param {string[]} warnings
 */
function buildContentProfiles(raw, warnings) {
  /** @type {Map<string, PolicyContentProfile>} */
  const profiles = new Map()
  for (const p of raw ?? []) {
    const usable =
      p &&
      typeof p.id === 'string' &&
      Array.isArray(p.dlpRules) &&
      p.attachments &&
      Array.isArray(p.attachments.blockedExtensions) &&
      Array.isArray(p.attachments.blockedTypes)
    if (usable) profiles.set(p.id, p)
    else warnings.push(`content profile ${p?.name ?? p?.id ?? '?'}: skipped (malformed); its senders' mail is deferred`)
  }
  return profiles
}

/** @param {QuarantineCommand[] | undefined} raw */
function quarantineCommandsOf(raw) {
  return (raw ?? []).filter((c) => c && typeof c.id === 'string' && (c.action === 'release' || c.action === 'delete'))
}

// The snapshot is checked as far as the relay relies on it: it comes over the network.
/**
 * @param {PolicySnapshot} snapshot
 * @param {(message: string) => void} [log]
 * @returns {PolicyIndex}
 */
function buildPolicyIndex(snapshot, log) {
  if (!snapshot || typeof snapshot !== 'object') throw new PolicyError('snapshot must be an object')
  if (!Number.isInteger(snapshot.version)) throw new PolicyError('snapshot.version must be an integer')
  const senders = new Map()
  const credentials = new Map()
  /** @type {string[]} */
  const warnings = []
  for (const rawSender of requireArray(snapshot.senders, 'senders')) {
    const sender = buildSender(rawSender, warnings)
    senders.set(sender.id, sender)
    for (const c of requireArray(rawSender.credentials, 'senders[].credentials')) {
      const credential = buildCredential(c, sender, warnings)
      if (credential) credentials.set(credential.username, credential)
    }
  }
  const dkim = new Map()
  for (const d of requireArray(snapshot.domains, 'domains')) {
    const name = String(d.domain).toLowerCase()
    const signer = buildDkim(name, d.dkim, log)
    if (signer) dkim.set(name, signer)
  }
  return {
    version: snapshot.version,
    generatedAt: snapshot.generatedAt,
    senders,
    credentials,
    dkim,
    killSwitches: buildKillSwitches(requireArray(snapshot.killSwitches, 'killSwitches')),
    maxRecipientsPerMessage: maxRecipientsOf(snapshot),
    // Signs X-Switchyard-Tag (lib/message-tag.js); an older control plane sends none.
    messageTagKey:
      typeof snapshot.messageTagKey === 'string' && snapshot.messageTagKey
        ? Buffer.from(snapshot.messageTagKey, 'base64')
        : null,
    contentProfiles: buildContentProfiles(snapshot.contentProfiles, warnings),
    tlsRequiredDomains: new Set(lower(snapshot.tlsRequiredDomains).map((d) => d.replace(/^\.+|\.+$/g, ''))),
    quarantineCommands: quarantineCommandsOf(snapshot.quarantineCommands),
    suppressions: buildSuppressions(snapshot.suppressions, warnings),
    warnings,
  }
}

module.exports = { buildPolicyIndex, PolicyError }
