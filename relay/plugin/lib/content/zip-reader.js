// @ts-check
'use strict'

// A zip reader for inspection, not extraction: it lists entries from the central directory (what
// mail clients and Windows Explorer show) and inflates one entry at a time only up to a limit the
// caller gives, counting the bytes it really produced. Declared sizes are never trusted for
// anything but display: a zip bomb lies about them. fflate does the DEFLATE work.

const { Inflate } = require('fflate')

/**
 * @typedef {object} ZipEntry
 * @property {string} name               the central directory's name
 * @property {string | null} localName   the local header's name when it differs (an evasion trick)
 * @property {boolean} encrypted         general purpose flag bit 0 (ZipCrypto or AES)
 * @property {number} method             0 stored, 8 deflate; anything else cannot be inspected
 * @property {number} compressedSize
 * @property {number} declaredSize       as declared; may be a lie
 * @property {number} dataOffset         where the entry's (compressed) data starts
 * @property {boolean} directory
 */

/** @typedef {{ entries: ZipEntry[], totalEntries: number } | { error: string }} ZipListing */
/** @typedef {{ bytes: Buffer, complete: boolean, produced: number } | { error: string }} EntryRead */

const EOCD = 0x06054b50
const ZIP64_LOCATOR = 0x07064b50
const ZIP64_EOCD = 0x06064b50
const CENTRAL = 0x02014b50
const LOCAL = 0x04034b50
const MAX_U32 = 0xffffffff
// Compressed bytes given to the inflater at a time: DEFLATE expands at most ~1032:1, so one step
// produces at most about 1 MB before the limit is looked at again.
const PUSH_BYTES = 1024
const FIRST_PUSH_BYTES = 64

/** @param {Buffer} buf @param {number} at */
function u64(buf, at) {
  const value = buf.readBigUInt64LE(at)
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(value)
}

// The end of central directory record is the last thing in the file, before a comment of up to
// 64 KB; search backwards for its signature.
/** @param {Buffer} buf */
function findEocd(buf) {
  const lowest = Math.max(0, buf.length - 22 - 0xffff)
  for (let at = buf.length - 22; at >= lowest; at--) {
    if (buf.readUInt32LE(at) === EOCD) return at
  }
  return -1
}

/**
 * Where the central directory is and how many entries it claims, zip64 included.
 * @param {Buffer} buf
 * @returns {{ offset: number, size: number, total: number } | { error: string }}
 */
function centralDirectory(buf) {
  const eocd = findEocd(buf)
  if (eocd < 0) return { error: 'no end of central directory record' }
  let total = buf.readUInt16LE(eocd + 10)
  let size = buf.readUInt32LE(eocd + 12)
  let offset = buf.readUInt32LE(eocd + 16)
  if (total === 0xffff || size === MAX_U32 || offset === MAX_U32) {
    const locator = eocd - 20
    if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR) return { error: 'zip64 locator missing' }
    const at = u64(buf, locator + 8)
    if (!(at >= 0 && at + 56 <= buf.length) || buf.readUInt32LE(at) !== ZIP64_EOCD) {
      return { error: 'zip64 end record missing' }
    }
    total = u64(buf, at + 32)
    size = u64(buf, at + 40)
    offset = u64(buf, at + 48)
  }
  if (!(offset >= 0 && size >= 0 && offset + size <= buf.length)) return { error: 'central directory out of range' }
  return { offset, size, total }
}

// Sizes and offset of 0xFFFFFFFF live in the zip64 extra field (id 1), in this order, each
// present only when its 32-bit field is saturated.
/**
 * @param {Buffer} extra
 * @param {{ declaredSize: number, compressedSize: number, localOffset: number }} sizes
 */
function applyZip64Extra(extra, sizes) {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at)
    const length = extra.readUInt16LE(at + 2)
    const end = at + 4 + length
    if (end > extra.length) return
    if (id === 1) {
      let field = at + 4
      for (const key of /** @type {const} */ (['declaredSize', 'compressedSize', 'localOffset'])) {
        if (sizes[key] !== MAX_U32) continue
        if (field + 8 > end) return
        sizes[key] = u64(extra, field)
        field += 8
      }
      return
    }
    at = end
  }
}

/** @param {Buffer} raw @param {number} flags bit 11: the name is UTF-8, else CP437 (ASCII-compatible) */
function decodeName(raw, flags) {
  return raw.toString(flags & 0x800 ? 'utf8' : 'latin1')
}

/**
 * Reads a local header: where the data starts, and the name and flags it repeats.
 * @param {Buffer} buf
 * @param {number} at
 * @returns {{ dataOffset: number, name: string, flags: number } | null}
 */
function localHeader(buf, at) {
  if (!(at >= 0 && at + 30 <= buf.length) || buf.readUInt32LE(at) !== LOCAL) return null
  const flags = buf.readUInt16LE(at + 6)
  const nameLength = buf.readUInt16LE(at + 26)
  const extraLength = buf.readUInt16LE(at + 28)
  const dataOffset = at + 30 + nameLength + extraLength
  if (dataOffset > buf.length) return null
  return { dataOffset, flags, name: decodeName(buf.subarray(at + 30, at + 30 + nameLength), flags) }
}

/**
 * The entries of a zip, at most maxEntries of them (totalEntries says how many it claims).
 * @param {Buffer} buf
 * @param {number} maxEntries
 * @returns {ZipListing}
 */
function listZip(buf, maxEntries) {
  if (buf.length < 22) return { error: 'too short to be a zip' }
  const dir = centralDirectory(buf)
  if ('error' in dir) return dir
  /** @type {ZipEntry[]} */
  const entries = []
  let at = dir.offset
  const end = dir.offset + dir.size
  while (entries.length < Math.min(dir.total, maxEntries)) {
    if (at + 46 > end || buf.readUInt32LE(at) !== CENTRAL) return { error: 'central directory damaged' }
    const flags = buf.readUInt16LE(at + 8)
    const nameLength = buf.readUInt16LE(at + 28)
    const extraLength = buf.readUInt16LE(at + 30)
    const commentLength = buf.readUInt16LE(at + 32)
    const next = at + 46 + nameLength + extraLength + commentLength
    if (next > end) return { error: 'central directory damaged' }
    const name = decodeName(buf.subarray(at + 46, at + 46 + nameLength), flags)
    const sizes = {
      compressedSize: buf.readUInt32LE(at + 20),
      declaredSize: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    }
    applyZip64Extra(buf.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength), sizes)
    const local = localHeader(buf, sizes.localOffset)
    if (!local) return { error: `local header of ${name} damaged` }
    entries.push({
      name,
      localName: local.name === name ? null : local.name,
      encrypted: Boolean(flags & 1 || local.flags & 1),
      method: buf.readUInt16LE(at + 10),
      compressedSize: sizes.compressedSize,
      declaredSize: sizes.declaredSize,
      dataOffset: local.dataOffset,
      directory: name.endsWith('/') || name.endsWith('\\'),
    })
    at = next
  }
  return { entries, totalEntries: dir.total }
}

/**
 * The first `limit` bytes of an entry, inflated. complete says whether that is the whole entry;
 * produced is every byte the inflater made (at most about 1 MB more than limit), for budgets.
 * @param {Buffer} buf the zip
 * @param {ZipEntry} entry
 * @param {number} limit
 * @returns {EntryRead}
 */
function readEntry(buf, entry, limit) {
  const end = entry.dataOffset + entry.compressedSize
  if (!(end <= buf.length)) return { error: `${entry.name}: data out of range` }
  const data = buf.subarray(entry.dataOffset, end)
  if (entry.method === 0) {
    return { bytes: Buffer.from(data.subarray(0, limit)), complete: data.length <= limit, produced: data.length }
  }
  if (entry.method !== 8) return { error: `${entry.name}: compression method ${entry.method}` }
  /** @type {Uint8Array[]} */
  const kept = []
  let keptBytes = 0
  let produced = 0
  let finished = false
  const inflater = new Inflate((chunk, final) => {
    produced += chunk.length
    if (keptBytes <= limit) {
      kept.push(chunk.subarray(0, limit + 1 - keptBytes))
      keptBytes += Math.min(chunk.length, limit + 1 - keptBytes)
    }
    if (final) finished = true
  })
  try {
    // Small steps first: reading a file's first bytes should not inflate a megabyte of it.
    let step = FIRST_PUSH_BYTES
    for (let at = 0; at < data.length && keptBytes <= limit; at += step, step = Math.min(step * 2, PUSH_BYTES)) {
      inflater.push(data.subarray(at, at + step), at + step >= data.length)
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true)
  } catch (err) {
    return { error: `${entry.name}: ${err instanceof Error ? err.message : String(err)}` }
  }
  const bytes = Buffer.concat(kept)
  const complete = finished && keptBytes <= limit
  return { bytes: bytes.subarray(0, limit), complete, produced }
}

module.exports = { listZip, readEntry }
