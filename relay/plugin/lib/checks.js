// @ts-check
'use strict'

// The per-message rules, as pure functions of (policy index, session, address, now). Each
// refusal is a verdict { reason, code, enhanced, text }: reason is the contract's rejectReason,
// code/enhanced the exact SMTP reply. Order: stale policy, authentication, kill switches (an
// engaged switch wins over every other rule), source address, From.

const { addressAllowed } = require('./networks')

/**
 * @typedef {import('../contract-types').RejectReason} RejectReason
 * @typedef {import('./policy-index').PolicyIndex} PolicyIndex
 * @typedef {import('./policy-index').IndexedSender} IndexedSender
 * @typedef {import('./policy-index').IndexedCredential} IndexedCredential
 * @typedef {import('./policy-index').IndexedKillSwitch} IndexedKillSwitch
 */

/**
 * A refusal: the event's reason and the exact SMTP reply. detail (when set) is what the event
 * says instead of text; record: false replies without recording an event.
 * @typedef {object} Verdict
 * @property {RejectReason} reason
 * @property {number} code
 * @property {string} enhanced
 * @property {string} text
 * @property {string} [detail]
 * @property {boolean} [record]
 */

/**
 * @typedef {{ verdict: Verdict, credential?: IndexedCredential, sender?: IndexedSender }
 *   | { verdict: null, credential: IndexedCredential, sender: IndexedSender }} SessionCheck
 */

/** @typedef {{ sw: IndexedKillSwitch, what: string }} FoundSwitch the switch and what it stops */

/**
 * What differs between the two times a message is judged (MAIL FROM, end of DATA).
 * @typedef {object} MessageStage
 * @property {string} label            names the From in refusals: "Envelope From", "Header From"
 * @property {string[]} addresses      the From addresses to judge
 * @property {string | null} problem   why that From cannot be judged at all, refused 550 5.7.1
 * @property {() => Verdict | null} [hold]  a refusal of the stage's own, judged before the From
 */

/**
 * @typedef {{ verdict: Verdict }
 *   | { verdict: null, index: PolicyIndex, sender: IndexedSender, credential: IndexedCredential }} MessageJudgement
 */

/**
 * @param {RejectReason} reason
 * @param {number} code
 * @param {string} enhanced
 * @param {string} text
 * @returns {Verdict}
 */
function verdict(reason, code, enhanced, text) {
  return { reason, code, enhanced, text }
}

function stalePolicy() {
  return verdict('stale_policy', 451, '4.3.5', 'Relay policy is unavailable or out of date, try again later')
}

/**
 * @param {{ expiresAtMs: number | null }} sw
 * @param {number} now
 */
function isActiveSwitch(sw, now) {
  return sw.expiresAtMs === null || sw.expiresAtMs > now
}

/**
 * @param {IndexedKillSwitch[] | undefined} list
 * @param {number} now
 */
function firstActive(list, now) {
  return list?.find((sw) => isActiveSwitch(sw, now)) ?? null
}

// A domain switch covers the domain and its subdomains: a.b.example is looked up as a.b.example
// and b.example (never as a bare top-level label).
/**
 * @param {PolicyIndex} index
 * @param {string} domain
 * @param {number} now
 * @returns {FoundSwitch | null}
 */
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

/**
 * @param {PolicyIndex} index
 * @param {{ sender?: IndexedSender | null, credential?: IndexedCredential | null, domains?: string[] }} scope
 * @param {number} now
 * @returns {FoundSwitch | null}
 */
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

/** @param {FoundSwitch} found */
function killSwitchVerdict(found) {
  return verdict('kill_switch', 550, '5.7.1', `Mail stopped by a kill switch on ${found.what}`)
}

// The credential the session authenticated with, if it is still in the policy and not expired.
/**
 * @param {PolicyIndex} index
 * @param {string | null | undefined} username
 * @param {number} now
 */
function sessionCredential(index, username, now) {
  const credential = username ? index.credentials.get(username) : null
  if (!credential) return null
  if (credential.expiresAtMs !== null && credential.expiresAtMs <= now) return null
  return credential
}

/**
 * @param {PolicyIndex} index
 * @param {{ username?: string | null, ip: string }} session
 * @param {number} now
 * @returns {SessionCheck}
 */
function checkSession(index, { username, ip }, now) {
  if (!username) return { verdict: verdict('auth', 530, '5.7.0', 'Authentication required') }
  const credential = sessionCredential(index, username, now)
  if (!credential)
    return {
      verdict: verdict('auth', 550, '5.7.8', 'Credential is no longer valid (revoked, expired or sender not active)'),
    }
  const { sender } = credential
  const killed = findKillSwitch(index, { sender, credential, domains: [] }, now)
  if (killed) return { verdict: killSwitchVerdict(killed), credential, sender }
  if (!addressAllowed(sender.networks, ip) || !addressAllowed(credential.networks, ip)) {
    return {
      verdict: verdict('source', 550, '5.7.1', `Source address ${ip} is not allowed for sender "${sender.name}"`),
      credential,
      sender,
    }
  }
  return { verdict: null, credential, sender }
}

/**
 * @param {IndexedSender} sender
 * @param {string} address
 */
function fromAllowed(sender, address) {
  const text = String(address || '').toLowerCase()
  const at = text.lastIndexOf('@')
  if (at < 1) return false
  const domain = text.slice(at + 1)
  if (!sender.fromDomains.has(domain)) return false
  if (!sender.restrictsAddresses) return true
  return sender.exactAddresses.has(text) || sender.wildcardDomains.has(domain)
}

/**
 * @param {PolicyIndex} index
 * @param {{ sender: IndexedSender, credential: IndexedCredential, addresses: string[], label: string }} from
 * @param {number} now
 * @returns {Verdict | null}
 */
function checkFrom(index, { sender, credential, addresses, label }, now) {
  if (addresses.length === 0) return verdict('policy', 550, '5.7.1', `${label} must name a sender address`)
  const domains = addresses.map((a) => a.slice(a.lastIndexOf('@') + 1))
  const killed = findKillSwitch(index, { sender, credential, domains }, now)
  if (killed) return killSwitchVerdict(killed)
  const refused = addresses.find((a) => !fromAllowed(sender, a))
  if (refused) return verdict('domain', 550, '5.7.1', `${label} ${refused} is not allowed for sender "${sender.name}"`)
  return null
}

// The rules judged at MAIL FROM and again at the end of DATA, so a kill switch engaged while a
// message arrives still stops it. Order: a usable policy (index null: stale), the session (its
// credential, kill switches, source address), the stage's hold, its From problem, then every
// From address (kill switches on their domains, the sender's allowed addresses).
/**
 * @param {PolicyIndex | null} index
 * @param {{ username?: string | null, ip: string }} session
 * @param {MessageStage} stage
 * @param {number} now
 * @returns {MessageJudgement}
 */
function judgeMessage(index, session, { label, addresses, problem, hold }, now) {
  if (!index) return { verdict: stalePolicy() }
  const checked = checkSession(index, session, now)
  if (checked.verdict) return { verdict: checked.verdict }
  const { sender, credential } = checked
  const held = hold?.()
  if (held) return { verdict: held }
  if (problem) return { verdict: verdict('policy', 550, '5.7.1', problem) }
  const refused = checkFrom(index, { sender, credential, addresses, label }, now)
  if (refused) return { verdict: refused }
  return { verdict: null, index, sender, credential }
}

module.exports = {
  judgeMessage,
  checkSession,
  checkFrom,
  findKillSwitch,
  fromAllowed,
  stalePolicy,
  verdict,
  isActiveSwitch,
}
