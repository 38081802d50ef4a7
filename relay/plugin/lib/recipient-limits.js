// @ts-check
'use strict'

// Recipients are what rate limits count: each accepted RCPT consumes one unit of the sender's
// per-minute and per-day limits, and a message takes at most maxRecipientsPerMessage (from the
// snapshot) — past it RCPT answers 452 4.5.3, so the client sends the rest in another message.

const { verdict } = require('./checks')

/**
 * @typedef {import('../contract-types').PolicySnapshot} PolicySnapshot
 * @typedef {import('./policy-index').PolicyIndex} PolicyIndex
 * @typedef {import('./policy-index').IndexedSender} IndexedSender
 * @typedef {import('./rate-limits').RateLimits} RateLimits
 * @typedef {import('./rate-limiter').RateRefusal} RateRefusal
 * @typedef {import('./checks').Verdict} Verdict
 */

const DEFAULT_MAX_RECIPIENTS_PER_MESSAGE = 100

/** @param {Pick<PolicySnapshot, 'maxRecipientsPerMessage'>} snapshot */
function maxRecipientsOf(snapshot) {
  const n = Number(snapshot.maxRecipientsPerMessage)
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_MAX_RECIPIENTS_PER_MESSAGE
}

/**
 * @param {IndexedSender} sender
 * @param {RateRefusal} limited
 */
function rateVerdict(sender, limited) {
  return verdict(
    'rate',
    451,
    '4.7.1',
    `Rate limit of ${limited.limit} recipients per ${limited.window} reached for sender "${sender.name}", try again later`,
  )
}

// At MAIL FROM: refused at once when the sender has no recipient left in a window.
/**
 * @param {RateLimits} rates
 * @param {IndexedSender} sender
 * @param {number} now
 * @returns {Promise<Verdict | null>}
 */
async function checkMessageRate(rates, sender, now) {
  const limited = await rates.check(sender, now)
  return limited ? rateVerdict(sender, limited) : null
}

// At RCPT TO, with the recipients the message already has (this one excluded): the cap per
// message, then one unit of the sender's rate limits (counted only when accepted).
/**
 * @param {PolicyIndex} index
 * @param {RateLimits} rates
 * @param {IndexedSender} sender
 * @param {number} earlier
 * @param {number} now
 * @returns {Promise<Verdict | null>}
 */
async function checkRecipient(index, rates, sender, earlier, now) {
  const cap = index.maxRecipientsPerMessage
  if (earlier >= cap)
    return verdict(
      'policy',
      452,
      '4.5.3',
      `Too many recipients: at most ${cap} per message, send the rest in another message`,
    )
  const limited = await rates.tryConsume(sender, now)
  return limited ? rateVerdict(sender, limited) : null
}

module.exports = { checkMessageRate, checkRecipient, maxRecipientsOf, DEFAULT_MAX_RECIPIENTS_PER_MESSAGE }
