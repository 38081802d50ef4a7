'use strict'

// Calls to the control plane (/api/relay/v1), authenticated with the relay's bearer token.

const { RELAY_API_PREFIX } = require('./contract')

async function relayRequest(settings, { method = 'GET', path, headers = {}, body, timeoutMs = 15000, signal }) {
  const controller = new AbortController()
  const timer = setTimeout(() => controller.abort(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs)
  const onAbort = () => controller.abort(signal.reason)
  signal?.addEventListener('abort', onAbort, { once: true })
  try {
    const response = await fetch(`${settings.controlUrl}${RELAY_API_PREFIX}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${settings.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
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
