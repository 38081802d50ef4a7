// @ts-check
'use strict'

// Enforced TLS for delivery: mail to a domain of the snapshot's tlsRequiredDomains (or one of
// its subdomains), a message whose DLP verdict says require_tls, and mail to a domain whose
// MTA-STS policy is enforced (lib/mta-sts.js) leaves only over STARTTLS
// with a certificate that verifies; otherwise Haraka defers it (never sends it in clear).
//
// Haraka decides this per delivery attempt in HMailItem.get_force_tls(mx), from tls.ini's
// static force_tls_hosts. That method is wrapped once, when the plugin registers, to also ask
// the plugin (the current policy, updated live; the message's notes, kept in its queue file so a
// restart does not lose the requirement). With force_tls Haraka itself refuses to send anything
// but EHLO/STARTTLS before TLS, temp-fails when STARTTLS is not offered, sets
// rejectUnauthorized and temp-fails when the certificate does not verify (outbound/hmail.js).
// A wrapper rather than a copy keeps Haraka's own checks (force_tls_hosts) working.

/**
 * @typedef {{ todo: { domain: string, notes?: { switchyard_require_tls?: boolean } },
 *   switchyard_mta_sts?: boolean }} ForceTlsItem
 * @typedef {{ prototype: { get_force_tls: (this: ForceTlsItem, mx: unknown) => boolean } }} HMailClass
 */

const WRAPPED = Symbol.for('switchyard.forceTls')

/**
 * Whether a recipient domain is listed, itself or a parent domain.
 * @param {Set<string> | undefined} required  lower-cased domains
 * @param {string} domain
 */
function domainRequiresTls(required, domain) {
  if (!required?.size || !domain) return false
  let d = String(domain).toLowerCase().replace(/\.$/, '')
  for (;;) {
    if (required.has(d)) return true
    const dot = d.indexOf('.')
    if (dot === -1) return false
    d = d.slice(dot + 1)
  }
}

/**
 * Wraps HMailItem.prototype.get_force_tls once per process.
 * @param {HMailClass} HMailItem
 * @param {() => Set<string> | undefined} requiredDomains  the current policy's list
 */
function installForceTls(HMailItem, requiredDomains) {
  const proto = /** @type {HMailClass['prototype'] & { [WRAPPED]?: boolean }} */ (HMailItem.prototype)
  if (proto[WRAPPED]) return false
  const original = proto.get_force_tls
  proto.get_force_tls = function (mx) {
    if (original.call(this, mx)) return true
    if (this.todo?.notes?.switchyard_require_tls === true) return true
    // The recipient domain's MTA-STS policy is enforced for this attempt (hook_get_mx, mta-sts.js).
    if (this.switchyard_mta_sts === true) return true
    return domainRequiresTls(requiredDomains(), this.todo?.domain)
  }
  proto[WRAPPED] = true
  return true
}

module.exports = { installForceTls, domainRequiresTls }
