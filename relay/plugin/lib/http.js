'use strict'

// Calls to the control plane (/api/relay/v1), authenticated with the relay's bearer token.

const { RELAY_API_PREFIX } = require('./contract')

// body: a value sent as JSON; json: a request body that already is JSON text.
async function relayRequest(settings, { method = 'GET', path, headers = {}, body, json, timeoutMs = 15000, signal }) {
  const payload = json ?? (body === undefined ? undefined : JSON.stringify(body))
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
  const onAbort = () => controller.abort(signal.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
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
  } finally {
    clearTimeout(timer)
    signal?.removeEventListener('abort', onAbort)
  }
}

module.exports = { relayRequest }
