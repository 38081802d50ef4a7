'use strict'

// Source-address lists (CIDRs) as node's BlockList. An empty list means "any address".

const net = require('node:net')

function normalizeIp(ip) {
  const text = String(ip || '')
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(text)
  return mapped ? mapped[1] : text
}

function buildNetworkList(cidrs) {
  if (!cidrs || cidrs.length === 0) return null
  const list = new net.BlockList()
  for (const cidr of cidrs) {
    const [addressText, prefixText] = String(cidr).trim().split('/')
    const address = normalizeIp(addressText)
    const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null
    if (!family) throw new Error(`malformed CIDR ${cidr}`)
    const prefix = prefixText === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefixText)
    list.addSubnet(address, prefix, family)
  }
  return list
}

// True when the list is empty (no restriction) or contains the address.
function addressAllowed(list, ip) {
  if (!list) return true
  const address = normalizeIp(ip)
  const family = net.isIPv4(address) ? 'ipv4' : net.isIPv6(address) ? 'ipv6' : null
  if (!family) return false
  return list.check(address, family)
}

module.exports = { buildNetworkList, addressAllowed, normalizeIp }
