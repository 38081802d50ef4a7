'use strict'

// Turns a policy snapshot (lib/relay-contract/schemas.ts, policySnapshotSchema) into the lookup
// tables the SMTP hooks use. Built once per snapshot, then swapped in with one assignment, so a
// hook sees either the old policy or the new one, never a mix.

const crypto = require('node:crypto')
const { buildNetworkList } = require('./networks')
const { maxRecipientsOf } = require('./recipient-limits')

class PolicyError extends Error {}

function requireArray(value, name) {
  if (!Array.isArray(value)) throw new PolicyError(`snapshot.${name} must be an array`)
  return value
}

function lower(list) {
  return (list || []).map((s) => String(s).toLowerCase())
}

function timeOrNull(iso) {
  if (!iso) return null
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new PolicyError(`bad time ${iso}`)
  return ms
}

// Collects what a snapshot held that the relay could not use; each skipped entry narrows the
// policy (never widens it) and is reported in the heartbeat (policyState.warnings).
function networksOf(cidrs, owner, warnings) {
  return buildNetworkList(cidrs || [], (entry, reason) => warnings.push(`${owner}: network "${entry}" skipped (${reason})`))
}

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
  }
}

// RSA and Ed25519 keys, signed by lib/dkim-signer.js.
function buildDkim(domain, dkim, log) {
  if (!dkim) return null
  try {
    const key = crypto.createPrivateKey(dkim.privateKeyPem)
    const keyType = key.asymmetricKeyType
    if (keyType !== 'rsa' && keyType !== 'ed25519') throw new Error(`unsupported key type ${keyType}`)
    return { domain, selector: String(dkim.selector), algorithm: keyType, key, pem: dkim.privateKeyPem }
  } catch (err) {
    log?.(`DKIM key of ${domain} unusable, mail from it goes unsigned: ${err.message}`)
    return null
  }
}

function pushTo(map, key, value) {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function buildKillSwitches(raw) {
  const switches = { global: [], sender: new Map(), credential: new Map(), domain: new Map() }
  for (const sw of raw) {
    const entry = { id: String(sw.id), scope: sw.scope, target: sw.target, reason: sw.reason, expiresAtMs: timeOrNull(sw.expiresAt) }
    if (sw.scope === 'global') switches.global.push(entry)
    else if (sw.scope === 'sender' || sw.scope === 'credential') pushTo(switches[sw.scope], String(sw.target), entry)
    else if (sw.scope === 'domain') pushTo(switches.domain, String(sw.target).toLowerCase(), entry)
    else throw new PolicyError(`unknown kill switch scope ${sw.scope}`)
  }
  return switches
}

function buildCredential(c, sender, warnings) {
  const owner = `sender ${sender.slug || sender.id} credential ${c.username}`
  if (!/^[0-9a-f]{64}$/.test(c.verifier)) {
    warnings.push(`${owner}: skipped (malformed verifier)`)
    return null
  }
  const expires = Date.parse(c.expiresAt)
  if (c.expiresAt && Number.isNaN(expires)) {
    warnings.push(`${owner}: skipped (bad expiresAt)`)
    return null
  }
  return {
    id: String(c.id),
    username: String(c.username),
    verifier: Buffer.from(c.verifier, 'hex'),
    expiresAtMs: c.expiresAt ? expires : null,
    networks: networksOf(c.cidrs, owner, warnings),
    sender,
  }
}

function buildPolicyIndex(snapshot, log) {
  if (!snapshot || typeof snapshot !== 'object') throw new PolicyError('snapshot must be an object')
  if (!Number.isInteger(snapshot.version)) throw new PolicyError('snapshot.version must be an integer')
  const senders = new Map()
  const credentials = new Map()
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
    messageTagKey: typeof snapshot.messageTagKey === 'string' && snapshot.messageTagKey ? Buffer.from(snapshot.messageTagKey, 'base64') : null,
    warnings,
  }
}

module.exports = { buildPolicyIndex, PolicyError }
