'use strict'

// The per-message rules, as pure functions of (policy index, session, address, now). Each
// refusal is a verdict { reason, code, enhanced, text }: reason is the contract's rejectReason,
// code/enhanced the exact SMTP reply. Order: stale policy, authentication, kill switches (an
// engaged switch wins over every other rule), source address, From.

const { addressAllowed } = require('./networks')

function verdict(reason, code, enhanced, text) {
  return { reason, code, enhanced, text }
}

function stalePolicy() {
  return verdict('stale_policy', 451, '4.3.5', 'Relay policy is unavailable or out of date, try again later')
}

function isActiveSwitch(sw, now) {
  return sw.expiresAtMs === null || sw.expiresAtMs > now
}

function firstActive(list, now) {
  return list?.find((sw) => isActiveSwitch(sw, now)) ?? null
}

// A domain switch covers the domain and its subdomains: a.b.example is looked up as a.b.example
// and b.example (never as a bare top-level label).
function domainSwitch(index, domain, now) {
  const switches = index.killSwitches.domain
  if (switches.size === 0) return null
  const name = String(domain || '').toLowerCase()
  for (let start = 0, dot = name.indexOf('.'); dot !== -1; start = dot + 1, dot = name.indexOf('.', start)) {
    const suffix = name.slice(start)
    const found = firstActive(switches.get(suffix), now)
    if (found) return { sw: found, what: `domain ${suffix}` }
  }
  return null
}

function findKillSwitch(index, { sender, credential, domains }, now) {
  const ks = index.killSwitches
  const global = firstActive(ks.global, now)
  if (global) return { sw: global, what: 'all mail' }
  const bySender = sender && firstActive(ks.sender.get(sender.id), now)
  if (bySender) return { sw: bySender, what: `sender "${sender.name}"` }
  const byCredential = credential && firstActive(ks.credential.get(credential.id), now)
  if (byCredential) return { sw: byCredential, what: `credential ${credential.username}` }
  for (const domain of domains || []) {
    const found = domainSwitch(index, domain, now)
    if (found) return found
  }
  return null
}

function killSwitchVerdict(found) {
  return verdict('kill_switch', 550, '5.7.1', `Mail stopped by a kill switch on ${found.what}`)
}

// The credential the session authenticated with, if it is still in the policy and not expired.
function sessionCredential(index, username, now) {
  const credential = username ? index.credentials.get(username) : null
  if (!credential) return null
  if (credential.expiresAtMs !== null && credential.expiresAtMs <= now) return null
  return credential
}

function checkSession(index, { username, ip }, now) {
  if (!username) return { verdict: verdict('auth', 530, '5.7.0', 'Authentication required') }
  const credential = sessionCredential(index, username, now)
  if (!credential) return { verdict: verdict('auth', 550, '5.7.8', 'Credential is no longer valid (revoked, expired or sender not active)') }
  const { sender } = credential
  const killed = findKillSwitch(index, { sender, credential, domains: [] }, now)
  if (killed) return { verdict: killSwitchVerdict(killed), credential, sender }
  if (!addressAllowed(sender.networks, ip) || !addressAllowed(credential.networks, ip)) {
    return { verdict: verdict('source', 550, '5.7.1', `Source address ${ip} is not allowed for sender "${sender.name}"`), credential, sender }
  }
  return { verdict: null, credential, sender }
}

function fromAllowed(sender, address) {
  const text = String(address || '').toLowerCase()
  const at = text.lastIndexOf('@')
  if (at < 1) return false
  const domain = text.slice(at + 1)
  if (!sender.fromDomains.has(domain)) return false
  if (!sender.restrictsAddresses) return true
  return sender.exactAddresses.has(text) || sender.wildcardDomains.has(domain)
}

function checkFrom(index, { sender, credential, addresses, label }, now) {
  if (addresses.length === 0) return verdict('policy', 550, '5.7.1', `${label} must name a sender address`)
  const domains = addresses.map((a) => a.slice(a.lastIndexOf('@') + 1))
  const killed = findKillSwitch(index, { sender, credential, domains }, now)
  if (killed) return killSwitchVerdict(killed)
  const refused = addresses.find((a) => !fromAllowed(sender, a))
  if (refused) return verdict('domain', 550, '5.7.1', `${label} ${refused} is not allowed for sender "${sender.name}"`)
  return null
}

module.exports = { checkSession, checkFrom, findKillSwitch, fromAllowed, stalePolicy, verdict, isActiveSwitch }
