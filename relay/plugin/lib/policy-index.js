'use strict'

// Turns a policy snapshot (lib/relay-contract/schemas.ts, policySnapshotSchema) into the lookup
// tables the SMTP hooks use. Built once per snapshot, then swapped in with one assignment, so a
// hook sees either the old policy or the new one, never a mix.

const crypto = require('node:crypto')
const { buildNetworkList } = require('./networks')

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

function buildSender(raw) {
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
    networks: buildNetworkList(raw.cidrs || []),
    rateLimitPerMinute: Number(raw.rateLimitPerMinute),
    rateLimitPerDay: Number(raw.rateLimitPerDay),
  }
}

// RSA keys are signed with haraka-plugin-dkim's DKIMSignStream; ed25519 with mailauth.
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

function buildPolicyIndex(snapshot, log) {
  if (!snapshot || typeof snapshot !== 'object') throw new PolicyError('snapshot must be an object')
  if (!Number.isInteger(snapshot.version)) throw new PolicyError('snapshot.version must be an integer')
  const senders = new Map()
  const credentials = new Map()
  for (const rawSender of requireArray(snapshot.senders, 'senders')) {
    const sender = buildSender(rawSender)
    senders.set(sender.id, sender)
    for (const c of requireArray(rawSender.credentials, 'senders[].credentials')) {
      if (!/^[0-9a-f]{64}$/.test(c.verifier)) throw new PolicyError(`credential ${c.id} has a malformed verifier`)
      credentials.set(String(c.username), {
        id: String(c.id),
        username: String(c.username),
        verifier: Buffer.from(c.verifier, 'hex'),
        expiresAtMs: timeOrNull(c.expiresAt),
        networks: buildNetworkList(c.cidrs || []),
        sender,
      })
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
  }
}

module.exports = { buildPolicyIndex, PolicyError }
