// @ts-check
'use strict'

// One message against one content profile: attachment rules, DLP rules, clamd (virusScan) and
// rspamd (spamScan). Findings say what fired; failures say what could not be checked (a scanner
// down or not configured, a DLP rule that did not finish, a message over the profile's scan size)
// — the caller decides with the profile's onScannerFailure, nothing here passes mail unchecked.
// No Haraka types: the relay hands over the bytes and the envelope.

const { extractParts, mediaTypeOf } = require('./mime-parts')
const { inspectAttachments } = require('./attachments')
const { scanSegmentsAsync } = require('./dlp')
const { htmlToText } = require('./html-text')
const clamd = require('./clamd')
const rspamd = require('./rspamd')

/**
 * @typedef {import('../../contract-types').PolicyContentProfile} ContentProfile
 * @typedef {import('./types').Finding} Finding
 * @typedef {import('./types').Segment} Segment
 * @typedef {import('./mime-parts').MessageParts} MessageParts
 * @typedef {import('./mime-parts').MessageAttachment} MessageAttachment
 * @typedef {import('./clamd').ClamdOptions} ClamdOptions
 * @typedef {import('./rspamd').RspamdOptions} RspamdOptions
 * @typedef {import('./rspamd').RspamdEnvelope} RspamdEnvelope
 */

/**
 * What could not be checked: which scanner ('clamd', 'rspamd', 'dlp', 'size', 'mime') and why.
 * @typedef {{ scanner: string, detail: string }} ScanFailure
 */

/**
 * Where the scanners are (null: not configured) and the DLP engine's time bound.
 * @typedef {object} Scanners
 * @property {ClamdOptions | null} clamd
 * @property {RspamdOptions | null} rspamd
 * @property {number} dlpTimeBudgetMs
 */

/**
 * @typedef {object} ScanOutcome
 * @property {Finding[]} findings
 * @property {ScanFailure[]} failures
 * @property {number} ms   wall time of the whole scan
 */

// Attachments whose content is text a person reads, so DLP looks into it.
const TEXT_TYPES = new Set([
  'application/json',
  'application/xml',
  'application/csv',
  'application/x-csv',
  'application/rtf',
  'application/x-yaml',
  'application/yaml',
])
const TEXT_EXTENSIONS = new Set([
  'txt',
  'csv',
  'tsv',
  'json',
  'xml',
  'md',
  'log',
  'htm',
  'html',
  'ics',
  'vcf',
  'yaml',
  'yml',
  'rtf',
  'ini',
  'sql',
])

/** @param {MessageAttachment} a */
function textKind(a) {
  const type = mediaTypeOf(a.contentType)
  const extension = (a.filename ?? '').toLowerCase().split('.').pop() ?? ''
  if (type === 'text/html' || extension === 'html' || extension === 'htm') return 'html'
  if (type.startsWith('text/') || TEXT_TYPES.has(type) || TEXT_EXTENSIONS.has(extension)) return 'text'
  return null
}

// The attachment's text in its declared charset (TextDecoder knows the WHATWG labels); UTF-8 when
// none is declared or the label is unknown.
/** @param {MessageAttachment} a */
function decodeText(a) {
  const charset = /\bcharset\s*=\s*"?([\w.:-]+)/i.exec(a.contentType ?? '')?.[1]
  try {
    return new TextDecoder(charset || 'utf-8').decode(a.bytes)
  } catch {
    return a.bytes.toString('utf8')
  }
}

/**
 * The texts DLP scans: subject, text bodies, HTML bodies as text, text-like attachments.
 * @param {MessageParts} parts
 * @returns {Segment[]}
 */
function segmentsOf(parts) {
  /** @type {Segment[]} */
  const segments = []
  if (parts.subject) segments.push({ where: 'subject', text: parts.subject })
  for (const text of parts.texts) segments.push({ where: 'text', text })
  for (const html of parts.htmls) segments.push({ where: 'html', text: htmlToText(html) })
  const seen = new Set()
  for (const a of parts.attachments) {
    const kind = textKind(a)
    // One attachment with several names is listed once per name (mime-parts.js); scan it once.
    if (!kind || seen.has(a.bytes)) continue
    seen.add(a.bytes)
    const text = decodeText(a)
    segments.push({ where: `attachment:${a.filename ?? '(unnamed)'}`, text: kind === 'html' ? htmlToText(text) : text })
  }
  return segments
}

/**
 * @param {ClamdOptions | null} options
 * @param {Buffer} raw
 * @returns {Promise<{ finding: Finding | null, failure: ScanFailure | null }>}
 */
async function virusScan(options, raw) {
  if (!options) return { finding: null, failure: { scanner: 'clamd', detail: 'clamd is not configured on this relay' } }
  const result = await clamd.scan(options, raw)
  if (result.status === 'clean') return { finding: null, failure: null }
  if (result.status === 'error') return { finding: null, failure: { scanner: 'clamd', detail: result.detail } }
  return {
    finding: {
      kind: 'virus',
      ruleName: 'Virus',
      action: 'reject',
      where: 'message',
      count: 1,
      samples: [{ redacted: result.signature.slice(0, 200), context: 'clamd' }],
    },
    failure: null,
  }
}

/**
 * @param {RspamdOptions | null} options
 * @param {ContentProfile} profile
 * @param {Buffer} raw
 * @param {RspamdEnvelope} envelope
 * @returns {Promise<{ finding: Finding | null, failure: ScanFailure | null }>}
 */
async function spamScan(options, profile, raw, envelope) {
  if (!options)
    return { finding: null, failure: { scanner: 'rspamd', detail: 'rspamd is not configured on this relay' } }
  // Never the User header (rspamd.js says why): an authenticated sender is scanned in full.
  const result = await rspamd.check({ ...options, sendUser: false }, raw, envelope)
  if (result.status === 'error') return { finding: null, failure: { scanner: 'rspamd', detail: result.detail } }
  if (result.score < profile.spamScore) return { finding: null, failure: null }
  return {
    finding: {
      kind: 'spam',
      ruleName: 'Spam score',
      action: profile.spamAction,
      where: 'message',
      count: 1,
      samples: [
        {
          redacted: `score ${result.score} (limit ${profile.spamScore})`,
          context: result.symbols.slice(0, 20).join(' ').slice(0, 1000),
        },
      ],
    },
    failure: null,
  }
}

/**
 * Scans one message. Never throws: what goes wrong is a failure.
 * @param {object} input
 * @param {ContentProfile} input.profile
 * @param {Buffer} input.raw          the whole message, not dot-stuffed
 * @param {RspamdEnvelope} input.envelope
 * @param {Scanners} input.scanners
 * @returns {Promise<ScanOutcome>}
 */
async function scanMessage({ profile, raw, envelope, scanners }) {
  const started = performance.now()
  /** @type {Finding[]} */
  const findings = []
  /** @type {ScanFailure[]} */
  const failures = []
  const done = () => ({ findings, failures, ms: performance.now() - started })
  if (raw.length > profile.maxScanBytes) {
    failures.push({
      scanner: 'size',
      detail: `message of ${raw.length} bytes is over the profile's scan limit of ${profile.maxScanBytes} bytes`,
    })
    return done()
  }
  // The network scanners run while the rules run here.
  const virus = profile.virusScan ? virusScan(scanners.clamd, raw) : null
  const spam = profile.spamScan ? spamScan(scanners.rspamd, profile, raw, envelope) : null
  try {
    const parts = extractParts(raw)
    findings.push(...inspectAttachments(parts.attachments, profile.attachments).findings)
    if (profile.dlpRules.length) {
      const dlp = await scanSegmentsAsync(profile.dlpRules, segmentsOf(parts), {
        timeBudgetMs: scanners.dlpTimeBudgetMs,
      })
      findings.push(...dlp.findings)
      for (const e of dlp.errors) failures.push({ scanner: 'dlp', detail: `DLP rule "${e.ruleName}": ${e.message}` })
    }
  } catch (err) {
    failures.push({
      scanner: 'mime',
      detail: `the message could not be parsed: ${err instanceof Error ? err.message : err}`,
    })
  }
  for (const pending of [virus, spam]) {
    if (!pending) continue
    const { finding, failure } = await pending
    if (finding) findings.push(finding)
    if (failure) failures.push(failure)
  }
  return done()
}

module.exports = { scanMessage, segmentsOf }
