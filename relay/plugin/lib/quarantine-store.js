// @ts-check
'use strict'

// Messages held in quarantine, on disk under the state directory, durable across restarts and
// crashes: per message its bytes (<id>.eml, exactly what would have been delivered, DKIM
// signature included) and its metadata (<id>.json: envelope, verdict, redacted findings,
// headers, where it stands). Every file is written to a temporary name, fsync'd, renamed into
// place, and the directory fsync'd, so a crash leaves the old or the new file, never half. The
// message file is written before the metadata that names it: metadata without its message is
// never seen as held (open() sets such an entry aside).
//
// An entry outlives its message: after a release or delete the metadata stays (state released,
// delivered or deleted) so a repeated command is answered with what happened, not acted on
// twice. Disk work is async (libuv's thread pool), off the SMTP event loop.

const fs = require('node:fs')
const fsp = require('node:fs/promises')
const path = require('node:path')
const { isNotFound, messageOf } = require('./errors')

/**
 * @typedef {import('./runtime').Log} Log
 * @typedef {import('../contract-types').ContentFinding} ContentFinding
 * @typedef {import('./events').MessageInfo} MessageInfo
 */

/**
 * held: in the store, not delivered. releasing: being handed to the outbound queue (a crash here
 * is resolved at the next start, see quarantine.js). released: in Haraka's outbound queue as
 * releasedQueueId. delivered: that delivery succeeded. deleted: removed on command.
 * @typedef {'held' | 'releasing' | 'released' | 'delivered' | 'deleted'} QuarantineState
 */

/**
 * A settled report (POST /quarantine/{id}/settled) not yet acknowledged by the control plane.
 * @typedef {{ outcome: 'released' | 'delivered' | 'deleted', queueId: string | null, at: string }} PendingSettle
 */

/**
 * @typedef {object} QuarantineEntry
 * @property {string} id                 uuid made when the message was stored
 * @property {QuarantineState} state
 * @property {string | null} queueId     the transaction that was quarantined
 * @property {string | null} messageId
 * @property {string | null} senderId
 * @property {string | null} credentialId
 * @property {string} from               envelope sender
 * @property {string[]} recipients       envelope recipients
 * @property {string | null} subject
 * @property {number} sizeBytes
 * @property {string} verdict
 * @property {ContentFinding[]} findings  samples redacted by the engine
 * @property {[string, string][]} headers
 * @property {string} receivedAt
 * @property {{ switchyard?: MessageInfo, switchyard_require_tls?: boolean }} notes  carried into the release
 * @property {boolean} reported          POST /quarantine acknowledged
 * @property {string | null} reportRefused  the control plane refused the report for good (why)
 * @property {string | null} releasedQueueId
 * @property {string[]} [deliveredRecipients]  recipients of the release delivered so far
 * @property {PendingSettle[]} unsettled
 * @property {string} updatedAt
 */

const TMP_SUFFIX = '.tmp'

/**
 * @param {string} file
 * @param {Buffer | string} data
 */
async function writeDurably(file, data) {
  const temp = `${file}.${process.pid}${TMP_SUFFIX}`
  const handle = await fsp.open(temp, 'w', 0o600)
  try {
    await handle.writeFile(data)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await fsp.rename(temp, file)
}

/** @param {string} dir */
async function syncDir(dir) {
  const handle = await fsp.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

const ID = /^[0-9a-f-]{36}$/

class QuarantineStore {
  /** @param {{ dir: string, log: Log }} options */
  constructor({ dir, log }) {
    this.dir = dir
    this.log = log
    /** @type {Map<string, QuarantineEntry>} */
    this.entries = new Map()
    // One metadata write per entry at a time, in order (a later state never lost to an earlier).
    /** @type {Map<string, Promise<void>>} */
    this.writes = new Map()
  }

  /** @param {string} id */
  messagePath(id) {
    return path.join(this.dir, `${id}.eml`)
  }

  /** @param {string} id */
  metaPath(id) {
    return path.join(this.dir, `${id}.json`)
  }

  // Reads every entry (synchronously: once, at start, before mail is taken). Temporary files of a
  // write a crash interrupted are removed; an entry whose message is missing while it should be
  // held is kept aside as unusable (logged), never delivered.
  open() {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    for (const name of fs.readdirSync(this.dir)) {
      const file = path.join(this.dir, name)
      if (name.endsWith(TMP_SUFFIX)) {
        fs.rmSync(file, { force: true })
        continue
      }
      if (!name.endsWith('.json') || !ID.test(name.slice(0, -5))) continue
      try {
        const entry = /** @type {QuarantineEntry} */ (JSON.parse(fs.readFileSync(file, 'utf8')))
        const needsMessage = entry.state === 'held' || entry.state === 'releasing'
        if (needsMessage && !fs.existsSync(this.messagePath(entry.id))) {
          this.log.error(`quarantine ${entry.id}: its message file is missing; it cannot be released`)
          continue
        }
        entry.unsettled ??= []
        this.entries.set(entry.id, entry)
      } catch (err) {
        this.log.error(`quarantine: cannot read ${name}: ${messageOf(err)}`)
      }
    }
    return this
  }

  /** @param {string} id */
  get(id) {
    return this.entries.get(id)
  }

  all() {
    return [...this.entries.values()]
  }

  // Stores a new message: bytes first, then its metadata, then the directory; resolves once all
  // of it is on disk (the SMTP 250 waits for this).
  /**
   * @param {Buffer} raw
   * @param {QuarantineEntry} entry
   */
  async hold(raw, entry) {
    await writeDurably(this.messagePath(entry.id), raw)
    await writeDurably(this.metaPath(entry.id), JSON.stringify(entry))
    await syncDir(this.dir)
    this.entries.set(entry.id, entry)
    return entry
  }

  /** @param {string} id */
  readMessage(id) {
    return fsp.readFile(this.messagePath(id))
  }

  // Changes an entry and writes it durably; writes of one entry happen in order.
  /**
   * @param {string} id
   * @param {(entry: QuarantineEntry) => void} change
   * @returns {Promise<QuarantineEntry>}
   */
  async update(id, change) {
    const entry = this.entries.get(id)
    if (!entry) throw new Error(`quarantine ${id} is not in the store`)
    change(entry)
    entry.updatedAt = new Date().toISOString()
    const text = JSON.stringify(entry)
    const previous = this.writes.get(id) ?? Promise.resolve()
    const write = previous
      .catch(() => undefined)
      .then(async () => {
        await writeDurably(this.metaPath(id), text)
        await syncDir(this.dir)
      })
    this.writes.set(id, write)
    try {
      await write
    } finally {
      if (this.writes.get(id) === write) this.writes.delete(id)
    }
    return entry
  }

  // The message's bytes go (released into the outbound queue, or deleted); its metadata stays.
  /** @param {string} id */
  async removeMessage(id) {
    try {
      await fsp.unlink(this.messagePath(id))
    } catch (err) {
      if (!isNotFound(err)) throw err
    }
    await syncDir(this.dir)
  }

  // Settled entries whose reports were all acknowledged, older than maxAgeMs, are forgotten.
  /** @param {number} maxAgeMs @param {number} [now] */
  async prune(maxAgeMs, now = Date.now()) {
    for (const entry of this.all()) {
      const settled = entry.state === 'delivered' || entry.state === 'deleted'
      if (!settled || entry.unsettled.length || now - Date.parse(entry.updatedAt) < maxAgeMs) continue
      this.entries.delete(entry.id)
      await fsp.rm(this.metaPath(entry.id), { force: true })
      await fsp.rm(this.messagePath(entry.id), { force: true })
    }
  }
}

module.exports = { QuarantineStore }
