// @ts-check
'use strict'

// What a file really is, from its first bytes (magic numbers), whatever its name or declared
// Content-Type say. The dangerous kinds are what a profile's blockedTypes name; the benign ones are
// known only so a finding can say "declared pdf, really executable" and so archives are recognised.

/**
 * The names a profile's blockedTypes may use.
 * @typedef {'executable' | 'script' | 'msi/ole' | 'java' | 'pdf' | 'png' | 'jpeg' | 'zip' | 'gzip'} FileTypeName
 */

/** @typedef {{ type: FileTypeName, label: string }} FileType */

/** @type {readonly FileTypeName[]} */
const FILE_TYPE_NAMES = ['executable', 'script', 'msi/ole', 'java', 'pdf', 'png', 'jpeg', 'zip', 'gzip']

// Enough leading bytes for every signature below (an archive entry is inflated only this far).
const SNIFF_BYTES = 64

/**
 * @param {Uint8Array} bytes
 * @param {number[]} magic
 * @param {number} [at]
 */
function startsWith(bytes, magic, at = 0) {
  if (bytes.length < at + magic.length) return false
  for (let i = 0; i < magic.length; i++) if (bytes[at + i] !== magic[i]) return false
  return true
}

/** @param {Uint8Array} bytes @param {number} at */
function u32be(bytes, at) {
  return ((bytes[at] << 24) >>> 0) + (bytes[at + 1] << 16) + (bytes[at + 2] << 8) + bytes[at + 3]
}

// Mach-O thin binaries, 32/64 bit, either byte order.
const MACHO_THIN = [
  [0xfe, 0xed, 0xfa, 0xce],
  [0xfe, 0xed, 0xfa, 0xcf],
  [0xce, 0xfa, 0xed, 0xfe],
  [0xcf, 0xfa, 0xed, 0xfe],
]

// A local file header, or the end record alone (an empty zip), or a spanned-archive marker.
const ZIP_MAGICS = [
  [0x50, 0x4b, 0x03, 0x04],
  [0x50, 0x4b, 0x05, 0x06],
  [0x50, 0x4b, 0x07, 0x08],
]

// 0xCAFEBABE starts both a Mach-O universal ("fat") binary and a Java class file. The next four
// bytes tell them apart: the fat header's architecture count is small, while a class file has its
// minor and major version there, and the major version is 45 or more.
/** @param {Uint8Array} bytes @returns {FileType | null} */
function cafebabe(bytes) {
  if (!startsWith(bytes, [0xca, 0xfe, 0xba, 0xbe]) && !startsWith(bytes, [0xca, 0xfe, 0xba, 0xbf])) return null
  if (bytes[3] === 0xbf) return { type: 'executable', label: 'macOS executable (Mach-O universal)' }
  if (bytes.length < 8) return { type: 'executable', label: 'macOS executable (Mach-O universal)' }
  return u32be(bytes, 4) < 45
    ? { type: 'executable', label: 'macOS executable (Mach-O universal)' }
    : { type: 'java', label: 'Java class file' }
}

// A shebang line: "#!" at the very start, optionally after a UTF-8 byte order mark.
/** @param {Uint8Array} bytes */
function isShebang(bytes) {
  const bom = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0
  return startsWith(bytes, [0x23, 0x21], bom)
}

/**
 * The real type of a file from its leading bytes, or null when it is none we know.
 * @param {Uint8Array} bytes at least the first SNIFF_BYTES bytes of the file (or all of it)
 * @returns {FileType | null}
 */
function detectFileType(bytes) {
  // Windows PE (and plain DOS programs): every one starts with "MZ".
  if (startsWith(bytes, [0x4d, 0x5a])) return { type: 'executable', label: 'Windows executable (PE)' }
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return { type: 'executable', label: 'Linux executable (ELF)' }
  if (MACHO_THIN.some((magic) => startsWith(bytes, magic))) {
    return { type: 'executable', label: 'macOS executable (Mach-O)' }
  }
  const fat = cafebabe(bytes)
  if (fat) return fat
  if (isShebang(bytes)) return { type: 'script', label: 'script (#! interpreter line)' }
  // OLE2 compound file: MSI installers, and Office 97-2003 documents (which may carry macros).
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { type: 'msi/ole', label: 'OLE compound file (MSI installer or legacy Office document)' }
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return { type: 'pdf', label: 'PDF document' }
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { type: 'png', label: 'PNG image' }
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { type: 'jpeg', label: 'JPEG image' }
  if (ZIP_MAGICS.some((magic) => startsWith(bytes, magic))) {
    return { type: 'zip', label: 'ZIP archive' }
  }
  if (startsWith(bytes, [0x1f, 0x8b])) return { type: 'gzip', label: 'gzip archive' }
  return null
}

module.exports = { detectFileType, FILE_TYPE_NAMES, SNIFF_BYTES }
