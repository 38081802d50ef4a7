// @ts-check
'use strict'

// What a caught value says (a catch binding is unknown: anything may be thrown).

/** @param {unknown} err */
function messageOf(err) {
  return err instanceof Error ? err.message : String(err)
}

// A file system error for a path that does not exist.
/** @param {unknown} err */
function isNotFound(err) {
  return err instanceof Error && 'code' in err && err.code === 'ENOENT'
}

module.exports = { messageOf, isNotFound }
