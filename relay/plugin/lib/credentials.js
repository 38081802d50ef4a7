// @ts-check
'use strict'

// SMTP AUTH against the snapshot: the verifier is SHA-256 of the secret (ARCHITECTURE.md,
// "Credentials"), compared in constant time. No call to the control plane per login.

const crypto = require('node:crypto')

/**
 * @typedef {import('./policy-index').PolicyIndex} PolicyIndex
 * @typedef {import('./policy-index').IndexedCredential} IndexedCredential
 * @typedef {{ ok: true, credential: IndexedCredential }
 *   | { ok: false, why: string, credential?: IndexedCredential }} Verification
 */

/**
 * @param {PolicyIndex} index
 * @param {string} username
 * @param {string} secret
 * @param {number} now
 * @returns {Verification}
 */
function verifyCredential(index, username, secret, now) {
  const digest = crypto.createHash('sha256').update(String(secret), 'utf8').digest()
  const credential = index.credentials.get(String(username))
  if (!credential) return { ok: false, why: 'unknown username' }
  if (!crypto.timingSafeEqual(digest, credential.verifier)) return { ok: false, why: 'wrong secret', credential }
  if (credential.expiresAtMs !== null && credential.expiresAtMs <= now)
    return { ok: false, why: 'credential expired', credential }
  return { ok: true, credential }
}

module.exports = { verifyCredential }
