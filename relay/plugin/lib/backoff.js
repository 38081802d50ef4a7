// @ts-check
'use strict'

// Exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to maxMs; reset after a success.
class Backoff {
  /**
   * @param {number} maxMs
   * @param {number} [baseMs]
   */
  constructor(maxMs, baseMs = 500) {
    this.maxMs = Math.max(maxMs, baseMs)
    this.baseMs = baseMs
    this.attempt = 0
  }

  next() {
    const ms = Math.min(this.maxMs, this.baseMs * 2 ** this.attempt)
    this.attempt++
    return Math.round(ms * (0.8 + Math.random() * 0.4))
  }

  reset() {
    this.attempt = 0
  }
}

/** @typedef {{ sleep(ms: number): Promise<void>, wake(): void }} Sleeper */

// A sleep that stop() can cut short.
/** @returns {Sleeper} */
function sleeper() {
  /** @type {NodeJS.Timeout | undefined} */
  let timer
  /** @type {(() => void) | null} */
  let wake = null
  return {
    sleep(ms) {
      return new Promise((resolve) => {
        wake = resolve
        timer = setTimeout(resolve, ms)
      })
    },
    wake() {
      clearTimeout(timer)
      wake?.()
    },
  }
}

module.exports = { Backoff, sleeper }
