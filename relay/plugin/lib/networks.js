// @ts-check
'use strict'

// Source-address lists (CIDRs) as node's BlockList. An empty list means "any address". Entries
// are read exactly as the control plane validates them (lib/validations/network.ts parseNetwork,
// kept in agreement by tests/unit/network-agreement.test.ts): IPv4-mapped IPv6 networks become
// the IPv4 network they cover (::ffff:1.2.3.4/120 → 1.2.3.0/24). An entry the relay cannot use
// is skipped and reported, never allowed to reject the whole snapshot.

const net = require('node:net')
const { messageOf } = require('./errors')

// The 8 groups of an IPv6 address that net.isIPv6 accepted (a dotted IPv4 tail becomes 2 groups).
/** @param {string} text */
function ipv6Groups(text) {
  let s = text.toLowerCase()
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number)
    s = `${s.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = s.split('::')
  const h = head ? head.split(':') : []
  const t = tail ? tail.split(':') : []
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill('0')
  return [...h, ...fill, ...t].map((g) => Number.parseInt(g, 16))
}

// The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d, also in hex), else null.
/** @param {string} address */
function mappedIPv4(address) {
  if (!net.isIPv6(address)) return null
  const g = ipv6Groups(address)
  if (g.slice(0, 5).some((x) => x !== 0) || g[5] !== 0xffff) return null
  return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.')
}

/** @param {string | null | undefined} ip */
function normalizeIp(ip) {
  const text = String(ip || '')
  return mappedIPv4(text) ?? text
}

/** @typedef {{ family: 4 | 6, address: string, prefix: number, error?: undefined } | { error: string }} ParsedNetwork */

// One entry → { family, address, prefix } or { error }.
/**
 * @param {unknown} entry
 * @returns {ParsedNetwork}
 */
function parseNetwork(entry) {
  const parts = String(entry ?? '')
    .trim()
    .split('/')
  if (parts.length > 2 || !parts[0]) return { error: 'not an address or network' }
  const address = parts[0]
  if (address.includes('%')) return { error: 'zone ids are not allowed' }
  const family = net.isIPv4(address) ? 4 : net.isIPv6(address) ? 6 : 0
  if (!family) return { error: 'not an IPv4 or IPv6 address' }
  const max = family === 4 ? 32 : 128
  if (parts.length === 2 && !/^\d{1,3}$/.test(parts[1])) return { error: 'prefix is not a number' }
  const prefix = parts.length === 2 ? Number(parts[1]) : max
  if (prefix > max) return { error: `prefix longer than /${max}` }
  const mapped = family === 6 ? mappedIPv4(address) : null
  if (mapped) {
    if (prefix < 96) return { error: 'IPv4-mapped network with a prefix shorter than /96' }
    return { family: 4, address: mapped, prefix: prefix - 96 }
  }
  return { family, address, prefix }
}

// A BlockList of the usable entries, or null for an empty list (no restriction). onSkip(entry,
// reason) hears of each entry left out; a list whose every entry was skipped allows no address
// (skipping must never widen a restriction).
/**
 * @param {string[] | null | undefined} cidrs
 * @param {(entry: string, reason: string) => void} [onSkip]
 * @returns {import('node:net').BlockList | null}
 */
function buildNetworkList(cidrs, onSkip) {
  if (!cidrs || cidrs.length === 0) return null
  const list = new net.BlockList()
  for (const cidr of cidrs) {
    const parsed = parseNetwork(cidr)
    if (parsed.error !== undefined) {
      onSkip?.(String(cidr), parsed.error)
      continue
    }
    try {
      list.addSubnet(parsed.address, parsed.prefix, parsed.family === 4 ? 'ipv4' : 'ipv6')
    } catch (err) {
      onSkip?.(String(cidr), messageOf(err))
    }
  }
  return list
}

// True when the list is empty (no restriction) or contains the address.
/**
 * @param {import('node:net').BlockList | null} list
 * @param {string} ip
 */
function addressAllowed(list, ip) {
  if (!list) return true
  const address = normalizeIp(ip)
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null
  if (!family) return false
  return list.check(address, family)
}

module.exports = { buildNetworkList, addressAllowed, normalizeIp, parseNetwork, mappedIPv4 }
