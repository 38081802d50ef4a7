// @ts-check
'use strict'

// The content check at the end of DATA (Haraka glue around lib/content/): the sender's content
// profile from the policy, the finished message read once from Haraka's message stream, the scan,
// and the verdict. A sender without a profile is not checked; a sender whose profile is missing
// from the snapshot is deferred (fail closed), as is anything the scan could not check unless the
// profile says to accept it unscanned.

const { scanMessage } = require('./content/scan-message')
const { decide } = require('./content/verdict')
const { addressText } = require('./outcome-events')

/**
 * @typedef {import('../haraka').Transaction} Transaction
 * @typedef {import('../haraka').Connection} Connection
 * @typedef {import('./policy-index').PolicyIndex} PolicyIndex
 * @typedef {import('./settings').Settings} Settings
 * @typedef {import('./content/verdict').ContentVerdict} ContentVerdict
 * @typedef {import('./events').MessageInfo} MessageInfo
 * @typedef {import('../contract-types').PolicyContentProfile} ContentProfile
 */

/**
 * @typedef {object} ContentCheck
 * @property {ContentVerdict} verdict
 * @property {ContentProfile | null} profile
 * @property {number} ms        scan time
 * @property {number} sizeBytes
 */

// The message as it stands (headers as Haraka holds them, body as received), not dot-stuffed.
/**
 * @param {Transaction} txn
 * @returns {Promise<Buffer>}
 */
function readMessage(txn) {
  return new Promise((resolve) => txn.message_stream.get_data((/** @type {Buffer} */ data) => resolve(data)))
}

/**
 * @param {object} input
 * @param {PolicyIndex} input.index
 * @param {MessageInfo} input.info
 * @param {Transaction} input.txn
 * @param {Connection} input.connection
 * @param {Settings} input.settings
 * @returns {Promise<ContentCheck | null>} null: the sender has no content profile
 */
async function checkContent({ index, info, txn, connection, settings }) {
  const profileId = index.senders.get(info.senderId)?.contentProfileId
  if (!profileId) return null
  const profile = index.contentProfiles.get(profileId) ?? null
  if (!profile) {
    const failure = { scanner: 'policy', detail: `content profile ${profileId} is not in the policy snapshot` }
    return { verdict: decide([], [failure], 'defer'), profile: null, ms: 0, sizeBytes: txn.data_bytes ?? 0 }
  }
  // Too large to scan: decided on the size Haraka counted, without reading the message.
  const received = txn.data_bytes ?? 0
  if (received > profile.maxScanBytes) {
    const failure = {
      scanner: 'size',
      detail: `message of ${received} bytes is over the profile's scan limit of ${profile.maxScanBytes} bytes`,
    }
    return { verdict: decide([], [failure], profile.onScannerFailure), profile, ms: 0, sizeBytes: received }
  }
  const raw = await readMessage(txn)
  const outcome = await scanMessage({
    profile,
    raw,
    envelope: {
      ip: connection.remote.ip,
      helo: connection.hello?.host ?? undefined,
      from: info.from,
      rcpt: txn.rcpt_to.map(addressText),
      queueId: txn.uuid,
    },
    scanners: { clamd: settings.clamd, rspamd: settings.rspamd, dlpTimeBudgetMs: settings.dlpTimeBudgetMs },
  })
  return {
    verdict: decide(outcome.findings, outcome.failures, profile.onScannerFailure),
    profile,
    ms: outcome.ms,
    sizeBytes: raw.length,
  }
}

module.exports = { checkContent, readMessage }
