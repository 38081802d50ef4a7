// @ts-check
'use strict'

// Attachment inspection against a profile's attachment rules: the extension (as Windows would see
// it), the real type by magic bytes, the size, and what is inside zip archives, within bounds so a
// hostile archive cannot make the relay inflate gigabytes. What cannot be inspected (encrypted,
// nested too deep, over a bound, damaged) is a finding with the profile's action: fail closed.

const { detectFileType, SNIFF_BYTES } = require('./file-type')
const { listZip, readEntry } = require('./zip-reader')

/**
 * @typedef {import('./file-type').FileType} FileType
 * @typedef {import('./zip-reader').ZipEntry} ZipEntry
 * @typedef {'reject' | 'quarantine' | 'tag' | 'require_tls'} ContentAction
 */

/**
 * One attachment of a message, as the MIME parser hands it over.
 * @typedef {object} Attachment
 * @property {string | null} [filename]
 * @property {string | null} [contentType]
 * @property {Buffer} bytes   the decoded content
 */

/**
 * A profile's attachment rules, exactly as the policy snapshot carries them.
 * @typedef {object} AttachmentRules
 * @property {string[]} blockedExtensions   without the dot: 'exe', 'js', ...
 * @property {string[]} blockedTypes        real types (file-type.js names): 'executable', 'script', 'msi/ole', ...
 * @property {number | null} maxAttachmentBytes
 * @property {boolean} scanArchives
 * @property {'reject' | 'quarantine' | 'tag'} action
 */

/**
 * @typedef {object} FindingSample
 * @property {string} redacted   never matched data in clear; for attachments, the file's path
 * @property {string} context    why it was found
 */

/**
 * @typedef {object} Finding
 * @property {'dlp' | 'attachment' | 'virus' | 'spam'} kind
 * @property {string} [ruleId]
 * @property {string} ruleName
 * @property {ContentAction} action
 * @property {string} where      'subject' | 'text' | 'html' | 'attachment:<name>'
 * @property {number} count
 * @property {FindingSample[]} samples
 */

/**
 * Bounds of archive inspection, per call (per message), not per archive.
 * @typedef {object} ArchiveLimits
 * @property {number} maxEntries              entries listed, over all archives
 * @property {number} maxTotalInflatedBytes   bytes inflated, over all archives (zip bombs)
 * @property {number} maxArchiveEntryBytes    an archive inside an archive is inflated up to this
 * @property {number} maxDepth                archive levels looked into (1: the attachment's own entries)
 */

/** @type {ArchiveLimits} */
const DEFAULT_LIMITS = {
  maxEntries: 1000,
  maxTotalInflatedBytes: 64 * 1024 * 1024,
  maxArchiveEntryBytes: 16 * 1024 * 1024,
  maxDepth: 2,
}

const RULE = {
  extension: 'Blocked extension',
  type: 'Blocked file type',
  size: 'Attachment too large',
  encrypted: 'Archive cannot be inspected (encrypted)',
  tooDeep: 'Archive cannot be inspected (nested too deep)',
  tooMany: 'Archive cannot be inspected (too many entries)',
  tooLarge: 'Archive cannot be inspected (too large when unpacked)',
  damaged: 'Archive cannot be inspected (damaged or unsupported)',
}
const MAX_SAMPLES = 5

// Characters that change how a name displays without being part of what Windows runs: bidi
// overrides ("invoice\u202Efdp.exe" shows as "invoiceexe.pdf"), zero-width characters, NUL.
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is one of the characters to remove
const INVISIBLE = /[\u0000\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g

/**
 * The name as Windows treats it: last path part, invisible characters gone, trailing dots and
 * spaces dropped ("evil.exe. " runs as evil.exe), lower case.
 * @param {string} name
 */
function normalizeName(name) {
  const base = name.split(/[\\/]/).pop() ?? ''
  return base
    .replace(INVISIBLE, '')
    .replace(/[. ]+$/, '')
    .toLowerCase()
}

/** @param {string} name @returns {string[]} every extension, outermost last: 'a.pdf.exe' → ['pdf', 'exe'] */
function extensionsOf(name) {
  return normalizeName(name)
    .split('.')
    .slice(1)
    .map((part) => part.trim())
}

/** @param {number} bytes */
function sizeText(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${bytes} bytes`
}

/** @param {string | null | undefined} contentType */
function mediaType(contentType) {
  return (contentType ?? '').split(';')[0].trim().toLowerCase()
}

/**
 * The state of one inspection: the rules, what is left of the bounds, the findings so far.
 * @typedef {object} Inspection
 * @property {AttachmentRules} rules
 * @property {Set<string>} blockedExtensions
 * @property {Set<string>} blockedTypes
 * @property {ArchiveLimits} limits
 * @property {number} entriesLeft
 * @property {number} inflateLeft
 * @property {Map<string, Finding>} findings
 */

/**
 * A file being looked at: the attachment itself or an entry inside an archive.
 * @typedef {object} Subject
 * @property {string} where        the finding's where: the attachment it belongs to
 * @property {string} path         shown in samples: 'a.zip > inner.zip > x.exe'
 * @property {string[]} names      its name(s); an archive entry may have two that differ
 * @property {string} declared     its declared media type, if any
 * @property {number} depth        0 for the attachment, 1 inside it, 2 inside an archive in it
 */

/**
 * @param {Inspection} ins
 * @param {Subject} subject
 * @param {string} ruleName
 * @param {string} context
 */
function report(ins, subject, ruleName, context) {
  const key = `${subject.where}\u0000${ruleName}`
  let finding = ins.findings.get(key)
  if (!finding) {
    finding = { kind: 'attachment', ruleName, action: ins.rules.action, where: subject.where, count: 0, samples: [] }
    ins.findings.set(key, finding)
  }
  finding.count++
  if (finding.samples.length < MAX_SAMPLES) finding.samples.push({ redacted: subject.path, context })
}

/** @param {Inspection} ins @param {Subject} subject */
function checkExtension(ins, subject) {
  for (const name of subject.names) {
    const exts = extensionsOf(name)
    const last = exts.at(-1)
    if (!last || !ins.blockedExtensions.has(last)) continue
    const disguise = exts.length > 1 ? ` (double extension: looks like .${exts.at(-2)})` : ''
    report(ins, subject, RULE.extension, `.${last} is blocked${disguise}`)
    return
  }
}

// "declared application/pdf (.pdf)", or "" when nothing was declared.
/** @param {Subject} subject */
function declaredText(subject) {
  const ext = extensionsOf(subject.names[0] ?? '').at(-1)
  const parts = [subject.declared, ext ? `(.${ext})` : ''].filter(Boolean)
  return parts.length > 0 ? `declared ${parts.join(' ')}, ` : ''
}

// Named .zip but not starting like one: Windows still opens it as a zip when the archive is at
// the end (a polyglot with something else in front). Such a file is looked into too; if it
// cannot be read it is a finding, not a pass.
/** @param {Subject} subject */
function namedZip(subject) {
  return subject.names.some((name) => extensionsOf(name).at(-1) === 'zip')
}

/** @param {Inspection} ins @param {Subject} subject @param {FileType | null} type */
function checkType(ins, subject, type) {
  if (type && ins.blockedTypes.has(type.type)) {
    report(ins, subject, RULE.type, `${declaredText(subject)}really ${type.label}`)
  }
}

/**
 * Looks at a file's content: its real type, and inside it when it is a zip.
 * @param {Inspection} ins
 * @param {Subject} subject
 * @param {Buffer} bytes  the whole file, or (for an archive entry that is no archive) its first bytes
 */
function inspectContent(ins, subject, bytes) {
  const type = detectFileType(bytes)
  checkType(ins, subject, type)
  if (!ins.rules.scanArchives || !(type?.type === 'zip' || namedZip(subject))) return
  if (subject.depth >= ins.limits.maxDepth) {
    report(ins, subject, RULE.tooDeep, `an archive ${subject.depth} levels down is not opened`)
    return
  }
  inspectZip(ins, subject, bytes)
}

/**
 * @param {Inspection} ins
 * @param {Subject} archive
 * @param {Buffer} bytes
 */
function inspectZip(ins, archive, bytes) {
  const listing = listZip(bytes, ins.entriesLeft + 1)
  if ('error' in listing) {
    report(ins, archive, RULE.damaged, listing.error)
    return
  }
  if (listing.totalEntries > ins.entriesLeft) {
    const text = `${listing.totalEntries} entries; at most ${ins.limits.maxEntries} are inspected`
    report(ins, archive, RULE.tooMany, text)
    return
  }
  ins.entriesLeft -= listing.totalEntries
  for (const entry of listing.entries) {
    if (entry.directory) continue
    /** @type {Subject} */
    const subject = {
      where: archive.where,
      path: `${archive.path} > ${entry.name}`,
      names: entry.localName ? [entry.name, entry.localName] : [entry.name],
      declared: '',
      depth: archive.depth + 1,
    }
    // Names are readable even when the content is not.
    checkExtension(ins, subject)
    if (!inspectEntry(ins, subject, bytes, entry)) return
  }
}

/**
 * An archive entry's content: its first bytes always, all of it when it is itself a zip to look
 * into. Returns false when the inflate budget is spent (the rest of the archive is not looked at).
 * @param {Inspection} ins
 * @param {Subject} subject
 * @param {Buffer} zip
 * @param {ZipEntry} entry
 */
function inspectEntry(ins, subject, zip, entry) {
  if (entry.encrypted) {
    report(ins, subject, RULE.encrypted, 'password-protected entry')
    return true
  }
  const head = inflate(ins, subject, zip, entry, SNIFF_BYTES)
  if (!head) return ins.inflateLeft > 0
  const nested = ins.rules.scanArchives && (detectFileType(head.bytes)?.type === 'zip' || namedZip(subject))
  if (!nested || head.complete || subject.depth >= ins.limits.maxDepth) {
    inspectContent(ins, subject, head.bytes)
    return true
  }
  const whole = inflate(ins, subject, zip, entry, Math.min(ins.limits.maxArchiveEntryBytes, ins.inflateLeft))
  if (!whole) return ins.inflateLeft > 0
  if (!whole.complete) {
    report(ins, subject, RULE.tooLarge, `inner archive unpacks to more than ${sizeText(whole.bytes.length)}`)
    return ins.inflateLeft > 0
  }
  inspectContent(ins, subject, whole.bytes)
  return true
}

/**
 * Inflates up to limit bytes of an entry against the budget; reports and returns null when the
 * entry cannot be read or the budget is spent.
 * @param {Inspection} ins
 * @param {Subject} subject
 * @param {Buffer} zip
 * @param {ZipEntry} entry
 * @param {number} limit
 */
function inflate(ins, subject, zip, entry, limit) {
  if (ins.inflateLeft <= 0) {
    report(ins, subject, RULE.tooLarge, `over ${sizeText(ins.limits.maxTotalInflatedBytes)} unpacked in this message`)
    return null
  }
  const read = readEntry(zip, entry, limit)
  if ('error' in read) {
    report(ins, subject, RULE.damaged, read.error)
    return null
  }
  ins.inflateLeft -= read.produced
  if (ins.inflateLeft < 0) {
    report(ins, subject, RULE.tooLarge, `over ${sizeText(ins.limits.maxTotalInflatedBytes)} unpacked in this message`)
    return null
  }
  return read
}

/** @param {string[]} list */
function normalizedSet(list) {
  return new Set(list.map((item) => item.trim().toLowerCase().replace(/^\.+/, '')))
}

/**
 * Inspects a message's attachments against the profile's attachment rules.
 * @param {Attachment[]} attachments
 * @param {AttachmentRules} rules
 * @param {Partial<ArchiveLimits>} [limits]
 * @returns {{ findings: Finding[] }}
 */
function inspectAttachments(attachments, rules, limits = {}) {
  const bounds = { ...DEFAULT_LIMITS, ...limits }
  /** @type {Inspection} */
  const ins = {
    rules,
    blockedExtensions: normalizedSet(rules.blockedExtensions),
    blockedTypes: normalizedSet(rules.blockedTypes),
    limits: bounds,
    entriesLeft: bounds.maxEntries,
    inflateLeft: bounds.maxTotalInflatedBytes,
    findings: new Map(),
  }
  for (const attachment of attachments) {
    const name = attachment.filename || '(unnamed)'
    /** @type {Subject} */
    const subject = {
      where: `attachment:${name}`,
      path: name,
      names: [name],
      declared: mediaType(attachment.contentType),
      depth: 0,
    }
    const max = rules.maxAttachmentBytes
    if (max !== null && attachment.bytes.length > max) {
      report(ins, subject, RULE.size, `${sizeText(attachment.bytes.length)}, the limit is ${sizeText(max)}`)
    }
    checkExtension(ins, subject)
    inspectContent(ins, subject, attachment.bytes)
  }
  return { findings: [...ins.findings.values()] }
}

module.exports = { inspectAttachments, normalizeName, extensionsOf, DEFAULT_LIMITS, ATTACHMENT_RULE_NAMES: RULE }
