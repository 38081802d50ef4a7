// @ts-check
'use strict'

// The last good snapshot on disk (<stateDir>/policy.json), so a restarted relay enforces it
// (fail-static) while the control plane is unreachable. Written to a temporary file, fsync'd,
// then renamed over the old one: a crash leaves either the old or the new file, never half.
// The file holds DKIM private keys: mode 0600.

const fs = require('node:fs')
const path = require('node:path')
const { isNotFound } = require('./errors')

/**
 * @typedef {import('../contract-types').PolicySnapshot} PolicySnapshot
 * @typedef {{ snapshot: PolicySnapshot, checkedAt: number, appliedAt: number }} StoredPolicy
 */

const FILE_NAME = 'policy.json'

/** @param {string} stateDir */
function policyPath(stateDir) {
  return path.join(stateDir, FILE_NAME)
}

// { snapshot, checkedAt (ms of the last successful poll), appliedAt (ms) } or null.
/**
 * @param {string} stateDir
 * @returns {StoredPolicy | null}
 */
function loadPolicy(stateDir) {
  let text
  try {
    text = fs.readFileSync(policyPath(stateDir), 'utf8')
  } catch (err) {
    if (isNotFound(err)) return null
    throw err
  }
  // Written by savePolicy; checked as far as it is read.
  const stored = /** @type {Partial<StoredPolicy> | null} */ (JSON.parse(text))
  if (!stored?.snapshot || typeof stored.checkedAt !== 'number' || !Number.isFinite(stored.checkedAt)) return null
  return { snapshot: stored.snapshot, checkedAt: stored.checkedAt, appliedAt: stored.appliedAt ?? stored.checkedAt }
}

/**
 * @param {string} stateDir
 * @param {{ snapshot: PolicySnapshot | null, checkedAt: number | null, appliedAt: number | null }} stored
 */
function savePolicy(stateDir, { snapshot, checkedAt, appliedAt }) {
  const target = policyPath(stateDir)
  const temp = `${target}.${process.pid}.tmp`
  const fd = fs.openSync(temp, 'w', 0o600)
  try {
    fs.writeSync(fd, JSON.stringify({ checkedAt, appliedAt, snapshot }))
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(temp, target)
  const dirFd = fs.openSync(stateDir, 'r')
  try {
    fs.fsyncSync(dirFd)
  } finally {
    fs.closeSync(dirFd)
  }
}

module.exports = { loadPolicy, savePolicy, policyPath }
