// @ts-check
'use strict'

// IBANs: country code, two check digits, the country's BBAN length, mod-97 == 1 (ISO 13616).
// Case-insensitive; written compact or with single spaces between groups of four
// ("DE89 3704 0044 0532 0130 00"); not glued to other letters or digits on either side.

/** @typedef {import('./types').Span} Span */

// IBAN lengths per country (SWIFT IBAN registry): all SEPA countries and the common others.
// Territories that use a parent's IBAN format keep their own code where the registry lists one.
/** @type {Record<string, number>} */
const IBAN_LENGTHS = {
  AD: 24, AE: 23, AL: 28, AT: 20, AX: 18, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BL: 27,
  BR: 29, BY: 28, CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29,
  ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GF: 27, GG: 22, GI: 23, GL: 18, GP: 27,
  GR: 27, GT: 28, HN: 28, HR: 21, HU: 28, IE: 22, IL: 23, IM: 22, IQ: 23, IS: 26, IT: 27, JE: 22,
  JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24,
  ME: 22, MF: 27, MK: 19, MN: 20, MQ: 27, MR: 27, MT: 31, MU: 30, NC: 27, NI: 28, NL: 18, NO: 15,
  OM: 23, PF: 27, PK: 24, PL: 28, PM: 27, PS: 29, PT: 25, QA: 29, RE: 27, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TF: 27, TL: 23,
  TN: 24, TR: 26, UA: 29, VA: 22, VG: 24, WF: 27, XK: 20, YT: 27,
}

// Where an IBAN can start: two letters and two digits, no letter or digit just before.
const START = /(?<![A-Za-z0-9])[A-Za-z]{2}\d\d/g

/** @param {number} c */
const isAlnum = (c) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)

/**
 * mod-97 of the IBAN moved round (BBAN, country, check digits), letters as 10..35.
 * @param {string} compact   upper-case, no spaces
 */
function ibanChecksumValid(compact) {
  const check = compact.slice(2, 4)
  if (check === '00' || check === '01' || check === '99') return false
  const moved = compact.slice(4) + compact.slice(0, 4)
  let rest = 0
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i)
    rest = c <= 57 ? (rest * 10 + (c - 48)) % 97 : (rest * 100 + (c - 55)) % 97
  }
  return rest === 1
}

/**
 * The IBAN starting at `at`, or null: its end in the text and its compact form.
 * @param {string} text
 * @param {number} at
 * @returns {{ end: number, compact: string } | null}
 */
function readIban(text, at) {
  const country = text.slice(at, at + 2).toUpperCase()
  const length = IBAN_LENGTHS[country]
  if (!length) return null
  let compact = country + text.slice(at + 2, at + 4)
  let pos = at + 4
  while (compact.length < length) {
    // One space is allowed between groups of four, only when a letter or digit follows.
    if (text.charCodeAt(pos) === 32 && compact.length % 4 === 0 && isAlnum(text.charCodeAt(pos + 1))) pos++
    const c = text.charCodeAt(pos)
    if (!isAlnum(c)) return null
    compact += text[pos].toUpperCase()
    pos++
  }
  if (pos < text.length && isAlnum(text.charCodeAt(pos))) return null
  return { end: pos, compact }
}

/**
 * IBANs in text, in order.
 * @param {string} text
 * @param {number} [limit]
 * @returns {Span[]}
 */
function findIbans(text, limit = Infinity) {
  /** @type {Span[]} */
  const found = []
  const re = new RegExp(START.source, 'g')
  for (let m = re.exec(text); m && found.length < limit; m = re.exec(text)) {
    const iban = readIban(text, m.index)
    if (!iban || !ibanChecksumValid(iban.compact)) continue
    found.push({ start: m.index, end: iban.end })
    re.lastIndex = iban.end
  }
  return found
}

module.exports = { findIbans, ibanChecksumValid, IBAN_LENGTHS }
