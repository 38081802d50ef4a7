// @ts-check
'use strict'

// Calls to the control plane (/api/relay/v1), authenticated with the relay's bearer token.

const { RELAY_API_PREFIX } = require('./contract')

/**
 * @typedef {import('./settings').Settings} Settings
 * @typedef {object} RelayRequest
 * @property {string} [method]
 * @property {string} path      under /api/relay/v1
 * @property {Record<string, string>} [headers]
 * @property {unknown} [body]   a value sent as JSON
 * @property {string} [json]    a request body that already is JSON text
 * @property {number} [timeoutMs]
 * @property {AbortSignal} [signal]
 * @typedef {{ status: number, ok: boolean, headers: Headers, json: unknown }} RelayResponse
 */

// body: a value sent as JSON; json: a request body that already is JSON text.
/**
 * @param {Pick<Settings, 'controlUrl' | 'token'>} settings
 * @param {RelayRequest} request
 * @returns {Promise<RelayResponse>}
 */
async function relayRequest(settings, { method = 'GET', path, headers = {}, body, json, timeoutMs = 15000, signal }) {
  const payload = json ?? (body === undefined ? undefined : JSON.stringify(body))
  const controller = new AbortController()
  const onAbort = () => controller.abort(signal?.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  const exchange = async () => {
    const response = await fetch(`${settings.controlUrl}${RELAY_API_PREFIX}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${settings.token}`,
        ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: payload,
      signal: controller.signal,
    })
    const text = await response.text()
    let json = null
    if (text) {
      try {
        json = JSON.parse(text)
      } catch {
        json = null
      }
    }
    return { status: response.status, ok: response.ok, headers: response.headers, json }
  }
  // The timeout is a deadline of its own, not only the abort signal: Node's fetch (undici) can
  // leave an aborted request pending forever when the abort lands while the answer arrives
  // (nodejs/node#56917, nodejs/undici#4089). In the soak, a control plane restarted under load
  // answered an events batch just as its 15 s ran out; the sender awaited that promise forever and
  // shipped nothing more until the relay restarted, although the events of that batch were stored.
  /** @type {NodeJS.Timeout | undefined} */
  let timer
  const deadline = new Promise((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`timed out after ${timeoutMs} ms`)
      controller.abort(error)
      reject(error)
    }, timeoutMs)
  })
  const answered = exchange()
  // Once the deadline has won, a late failure of the abandoned exchange is nobody's error.
  answered.catch(() => undefined)
  try {
    return /** @type {RelayResponse} */ (await Promise.race([answered, deadline]))
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

module.exports = { relayRequest }
