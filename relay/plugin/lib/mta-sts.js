// @ts-check
'use strict'

// MTA-STS (RFC 8461) for direct delivery (no smarthost): a recipient domain that publishes a
// policy in mode "enforce" gets its mail only through MX hosts the policy names, over TLS with a
// certificate valid for that host (the get_force_tls wrapper forces it for the attempt), else the
// delivery is deferred. "testing" is logged, not enforced; no policy, nothing changes. Policies
// come from mailauth's MTA-STS module (DNS TXT _mta-sts.<domain>, then
// https://mta-sts.<domain>/.well-known/mta-sts.txt) and are cached in memory until they expire
// (max_age); a failed refresh keeps the known policy (mailauth does so).

/**
 * @typedef {import('mailauth').MTASTSPolicy} MTASTSPolicy
 * @typedef {{ exchange: string, priority: number }} Mx
 * @typedef {import('./runtime').Log} Log
 */

/** @typedef {(domain: string, known?: MTASTSPolicy) => Promise<{ policy: MTASTSPolicy, status: string }>} GetPolicy */

/**
 * What the delivery of one domain must respect.
 * @typedef {{ enforce: false } | { enforce: true, mx: Mx[] }} MxDecision
 */

// A policy whose fetch failed is retried after this long (mailauth sets an hour for new domains).
const MIN_CACHE_MS = 5 * 60 * 1000

class MtaSts {
  /**
   * @param {object} options
   * @param {Log} options.log
   * @param {GetPolicy} [options.getPolicy]
   * @param {(mx: string, policy: MTASTSPolicy) => boolean} [options.allowed]  whether an MX host matches
   * @param {(domain: string) => Promise<Mx[]>} [options.resolveMx]
   */
  constructor({ log, getPolicy, allowed, resolveMx }) {
    const sts = require('mailauth/lib/mta-sts')
    this.log = log
    this.getPolicy = getPolicy ?? ((domain, known) => sts.getPolicy(domain, known))
    this.allowed = allowed ?? ((mx, policy) => sts.validateMx(mx, policy).valid)
    this.resolveMx =
      resolveMx ?? ((domain) => /** @type {Promise<Mx[]>} */ (require('haraka-net-utils').get_mx(domain)))
    /** @type {Map<string, { policy: MTASTSPolicy, until: number }>} */
    this.cache = new Map()
  }

  /** @param {string} domain @param {number} [now] */
  async policyFor(domain, now = Date.now()) {
    const key = domain.toLowerCase()
    const cached = this.cache.get(key)
    if (cached && cached.until > now) return cached.policy
    const { policy, status } = await this.getPolicy(key, cached?.policy)
    const expires = policy.expires ? Date.parse(policy.expires) : Number.NaN
    const until = Number.isFinite(expires) ? Math.max(expires, now + MIN_CACHE_MS) : now + MIN_CACHE_MS
    this.cache.set(key, { policy, until })
    if (status === 'errored') this.log.warn(`MTA-STS policy of ${key}: ${policy.error?.message ?? 'fetch failed'}`)
    return policy
  }

  // The MX hosts delivery to `domain` may use, when its policy is enforced.
  /**
   * @param {string} domain
   * @returns {Promise<MxDecision>}
   */
  async decide(domain) {
    const policy = await this.policyFor(domain)
    if (policy.mode !== 'enforce') {
      if (policy.mode === 'testing') this.log.info(`MTA-STS policy of ${domain} is in testing mode: not enforced`)
      return { enforce: false }
    }
    const exchanges = await this.resolveMx(domain)
    const mx = exchanges.filter((m) => this.allowed(m.exchange, policy))
    return { enforce: true, mx: mx.map((m) => ({ exchange: m.exchange, priority: m.priority })) }
  }
}

module.exports = { MtaSts }
