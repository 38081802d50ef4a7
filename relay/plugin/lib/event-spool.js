// @ts-check
'use strict'

// On-disk spool of relay events: append-only JSON-lines segments (seg-<ms>-<n>.jsonl) in one
// directory. All disk work is asynchronous (libuv's thread pool), so a busy or slow disk never
// stalls the SMTP event loop: append() queues the lines and a single writer flushes everything
// queued within GROUP_COMMIT_MS (or during the previous write) with one write and at most one
// fdatasync (group commit). With { durable: true } the promise resolves only after the
// fdatasync that covers the events — for hooks that must not let Haraka drop a queue file
// first. The sender ships closed segments and deletes one only after the control plane answered
// 2xx: events survive restarts and control-plane outages. Segments written by this process are
// shipped from the JSON text kept in memory (no re-reading, parsing and re-serializing), a few
// of them at most; the others, and those found at start, are read back from disk.
//
// Size cap (maxBytes, setting spool_max_mb): past it the spool is full. Then events appended as
// droppable (aggregated unauthenticated refusals) are dropped and counted; every other event (an
// accepted message's, delivery outcomes of mail already queued) is still written, and the plugin
// defers new mail with 451 while the spool is full, so the overshoot is bounded by what is
// already in Haraka's queue. The heartbeat carries a warning saying so (runtime.js).

const fs = require('node:fs')
const fsp = require('node:fs/promises')
const path = require('node:path')
const { messageOf, isNotFound } = require('./errors')

/**
 * @typedef {import('../contract-types').RelayEvent} RelayEvent
 * @typedef {import('./runtime').Log} Log
 * @typedef {{ file: string, count: number, bytes: number, lines?: string[] | null }} ClosedSegment lines: kept in memory
 * @typedef {{ file: string, handle: import('node:fs/promises').FileHandle, count: number, bytes: number,
 *   openedAt: number, lines: string[] | null }} OpenSegment
 * @typedef {{ file: string, lines: string[], readonly events: RelayEvent[] }} ShippableSegment
 */

const SEGMENT_MAX_EVENTS = 500
const SEGMENT_PATTERN = /^seg-\d{13}-\d{6}\.jsonl$/
// While a write is in progress the current segment cannot be closed; check back this soon.
const BUSY_RETRY_MS = 20
// Closed segments whose lines stay in memory for shipping (at most 500 events each).
const SEGMENTS_IN_MEMORY = 8
// How long the first queued event waits for others to share its write and fdatasync. A busy
// relay appends two events per message (accepted, delivered); flushed one by one, each cost a
// write (the delivered one an fdatasync too) on the thread pool. Durable callers (Haraka's
// delivered hook) wait this much longer, which only delays removing the delivered queue file.
const GROUP_COMMIT_MS = 10

class EventSpool {
  /** @param {{ dir: string, log: Log, maxBytes?: number }} options */
  constructor({ dir, log, maxBytes = Number.POSITIVE_INFINITY }) {
    this.dir = dir
    this.log = log
    this.maxBytes = maxBytes
    this.bytes = 0 // on disk and queued for writing, in segments not yet shipped
    this.pendingBytes = 0
    this.dropped = 0 // attempts (event counts) not recorded because the spool was full
    this.setAside = 0 // events the control plane refused for good, moved to rejected/
    /** @type {ClosedSegment[]} oldest first, ready to ship */
    this.closed = []
    /** @type {OpenSegment | null} */
    this.current = null
    /** @type {string[]} JSON texts not yet written */
    this.pending = []
    this.pendingCount = 0
    /** @type {Array<() => void>} */
    this.durableWaiters = []
    /** @type {Array<() => void>} */
    this.otherWaiters = []
    this.writing = false
    this.scheduled = false
    this.rotateRequested = false
    this.sequence = 0
    this.depth = 0
    /** @type {Array<() => void>} */
    this.listeners = []
  }

  open() {
    fs.mkdirSync(this.dir, { recursive: true })
    for (const name of fs
      .readdirSync(this.dir)
      .filter((n) => SEGMENT_PATTERN.test(n))
      .sort()) {
      const file = path.join(this.dir, name)
      const count = readSegment(file, this.log).length
      const bytes = fs.statSync(file).size
      this.closed.push({ file, count, bytes })
      this.depth += count
      this.bytes += bytes
    }
    if (this.depth) this.log.info(`spool holds ${this.depth} unsent events in ${this.closed.length} segments`)
  }

  /** @param {() => void} listener */
  onAppended(listener) {
    this.listeners.push(listener)
  }

  get full() {
    return this.bytes >= this.maxBytes
  }

  // Resolves once written (durable: once fdatasync'd too). droppable: dropped when full.
  /**
   * @param {RelayEvent[]} events
   * @param {{ durable?: boolean, droppable?: boolean }} [options]
   * @returns {Promise<void>}
   */
  append(events, { durable = false, droppable = false } = {}) {
    if (events.length === 0) return Promise.resolve()
    if (droppable && this.full) {
      for (const event of events) this.dropped += event.count ?? 1
      return Promise.resolve()
    }
    let added = 0
    for (const event of events) {
      const line = JSON.stringify(event)
      this.pending.push(line)
      added += Buffer.byteLength(line) + 1
    }
    this.pendingBytes += added
    this.bytes += added
    this.pendingCount += events.length
    this.depth += events.length
    /** @type {Promise<void>} */
    const done = new Promise((resolve) => (durable ? this.durableWaiters : this.otherWaiters).push(resolve))
    this.schedule()
    for (const listener of this.listeners) listener()
    return done
  }

  schedule() {
    if (this.writing || this.scheduled) return
    this.scheduled = true
    setTimeout(() => {
      this.scheduled = false
      this.flush()
    }, GROUP_COMMIT_MS)
  }

  async flush() {
    this.writing = true
    const lines = this.pending
    const count = this.pendingCount
    const bytes = this.pendingBytes
    const durable = this.durableWaiters
    const others = this.otherWaiters
    this.pending = []
    this.pendingCount = 0
    this.pendingBytes = 0
    this.durableWaiters = []
    this.otherWaiters = []
    try {
      if (lines.length) {
        const segment = this.current ?? (await this.openSegment())
        await segment.handle.write(`${lines.join('\n')}\n`)
        segment.count += count
        segment.bytes += bytes
        if (segment.lines) for (const line of lines) segment.lines.push(line)
        if (durable.length) await segment.handle.datasync()
        if (segment.count >= SEGMENT_MAX_EVENTS) this.rotateRequested = true
      }
    } catch (err) {
      // Mail must not stall on the spool: log loudly and go on. What reached the file is read back
      // from it when the segment is shipped.
      if (this.current) this.current.lines = null
      this.bytes = Math.max(0, this.bytes - bytes)
      this.log.error(`event spool write failed, ${count} events may be lost: ${messageOf(err)}`)
    }
    if (this.rotateRequested) await this.closeCurrent()
    this.writing = false
    for (const resolve of durable) resolve()
    for (const resolve of others) resolve()
    if (this.pending.length || this.rotateRequested) this.schedule()
  }

  /** @returns {Promise<OpenSegment>} */
  async openSegment() {
    const now = Date.now()
    const name = `seg-${String(now).padStart(13, '0')}-${String(this.sequence++ % 1e6).padStart(6, '0')}.jsonl`
    const file = path.join(this.dir, name)
    const handle = await fsp.open(file, 'a', 0o600)
    // The new directory entry must be durable too, or a power loss could lose the whole file.
    const dir = await fsp.open(this.dir, 'r')
    await dir.sync().finally(() => dir.close())
    this.current = { file, handle, count: 0, bytes: 0, openedAt: now, lines: [] }
    return this.current
  }

  // Only from flush(), i.e. never under a running write.
  async closeCurrent() {
    this.rotateRequested = false
    const segment = this.current
    if (!segment) return
    this.current = null
    try {
      await segment.handle.close()
    } catch (err) {
      this.log.error(`closing spool segment: ${messageOf(err)}`)
    }
    const inMemory = this.closed.filter((s) => s.lines).length < SEGMENTS_IN_MEMORY
    this.closed.push({
      file: segment.file,
      count: segment.count,
      bytes: segment.bytes,
      lines: inMemory ? segment.lines : null,
    })
    for (const listener of this.listeners) listener()
  }

  // Milliseconds until the current segment can be shipped, or null when nothing is waiting.
  /**
   * @param {number} minAgeMs
   * @returns {number | null}
   */
  msUntilShippable(minAgeMs) {
    if (this.rotateRequested) return BUSY_RETRY_MS
    if (this.current && this.current.count > 0) return Math.max(0, this.current.openedAt + minAgeMs - Date.now())
    // the first events of a new segment are being written
    if (this.pending.length || this.writing) return minAgeMs
    return null
  }

  // The oldest closed segment, or null. When none waits, the current one is closed (by the
  // writer) once it is minAgeMs old, so a busy relay ships a few segments a second, not hundreds.
  /**
   * @param {number} [minAgeMs]
   * @returns {ShippableSegment | null}
   */
  nextSegment(minAgeMs = 0) {
    if (
      this.closed.length === 0 &&
      this.current &&
      this.current.count > 0 &&
      this.current.openedAt + minAgeMs <= Date.now()
    ) {
      this.rotateRequested = true
      this.schedule()
    }
    const segment = this.closed[0]
    if (!segment) return null
    const lines = segment.lines ?? readSegment(segment.file, this.log)
    // lines: each event's JSON text, as shipped; events: parsed (tests, tools)
    return {
      file: segment.file,
      lines,
      get events() {
        return lines.map((line) => JSON.parse(line))
      },
    }
  }

  /** @param {string} file */
  remove(file) {
    const i = this.closed.findIndex((s) => s.file === file)
    if (i === -1) return
    const [segment] = this.closed.splice(i, 1)
    this.depth = Math.max(0, this.depth - segment.count)
    this.bytes = Math.max(0, this.bytes - segment.bytes)
    fs.rm(file, { force: true }, (err) => err && this.log.error(`removing ${file}: ${err.message}`))
  }

  // Set aside a segment the control plane refuses as a whole (kept for an operator to inspect).
  /** @param {string} file */
  quarantine(file) {
    const i = this.closed.findIndex((s) => s.file === file)
    if (i === -1) return
    const [segment] = this.closed.splice(i, 1)
    this.depth = Math.max(0, this.depth - segment.count)
    this.bytes = Math.max(0, this.bytes - segment.bytes)
    const dir = path.join(this.dir, 'rejected')
    fs.mkdirSync(dir, { recursive: true })
    fs.renameSync(file, path.join(dir, path.basename(file)))
  }

  // Waits for queued writes and closes the current segment (tests; the relay uses closeSync).
  async close() {
    while (this.writing || this.scheduled) await new Promise((r) => setTimeout(r, 5))
    this.rotateRequested = true
    await this.flush()
  }

  // On shutdown (process exit): whatever is queued goes to disk synchronously.
  closeSync() {
    if (!this.pending.length) return
    const name = `seg-${String(Date.now()).padStart(13, '0')}-${String(this.sequence++ % 1e6).padStart(6, '0')}.jsonl`
    const fd = fs.openSync(path.join(this.dir, name), 'a', 0o600)
    fs.writeSync(fd, `${this.pending.join('\n')}\n`)
    fs.fdatasyncSync(fd)
    fs.closeSync(fd)
    this.pending = []
    this.pendingCount = 0
    this.pendingBytes = 0
  }

  // Events the control plane will never take (refused for good, or too large alone): kept in
  // rejected/ for an operator, counted for the heartbeat's warning, never retried.
  /**
   * @param {string[]} lines
   * @param {string} why
   */
  setAsideLines(lines, why) {
    const dir = path.join(this.dir, 'rejected')
    fs.mkdirSync(dir, { recursive: true })
    const file = path.join(
      dir,
      `set-aside-${String(Date.now()).padStart(13, '0')}-${String(this.sequence++ % 1e6).padStart(6, '0')}.jsonl`,
    )
    fs.writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o600 })
    this.setAside += lines.length
    this.log.error(`${lines.length} event(s) set aside in ${file}: ${why}`)
  }
}

// The JSON text of every event in a segment file. A torn last line (crash mid-write) or any other
// line that does not parse is skipped.
/**
 * @param {string} file
 * @param {Log} log
 * @returns {string[]}
 */
function readSegment(file, log) {
  let text
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if (isNotFound(err)) return []
    throw err
  }
  const lines = []
  for (const line of text.split('\n')) {
    if (!line) continue
    try {
      JSON.parse(line)
      lines.push(line)
    } catch {
      log.warn(`skipping a damaged line in ${path.basename(file)}`)
    }
  }
  return lines
}

module.exports = { EventSpool, SEGMENT_MAX_EVENTS }
