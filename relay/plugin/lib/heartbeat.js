'use strict'

// POST /heartbeat every few seconds and right after a new policy is applied, so the dashboard
// sees which policy version (which kill switches) each relay enforces, its queue and spool depth,
// and what an operator should know: policy entries skipped (PolicyState.warnings) and the
// runtime's own warnings (spool full, events set aside).

const fs = require('node:fs')
const { relayRequest } = require('./http')

// The contract's bounds (heartbeatSchema): more would get the whole heartbeat refused.
const MAX_WARNINGS = 20
const MAX_WARNING_LENGTH = 500

function countQueueFiles(queueDir) {
  try {
    return fs.readdirSync(queueDir).filter((name) => !name.startsWith('.')).length
  } catch {
    return 0
  }
}

class Heartbeat {
  constructor({ settings, state, spool, queueDir, log, warnings = () => [] }) {
    this.warnings = warnings
    this.settings = settings
    this.state = state
    this.spool = spool
    this.queueDir = queueDir
    this.log = log
    this.timer = null
    this.listen = undefined
    this.inFlight = false
    this.again = false
    this.failing = false
  }

  start(listen) {
    this.listen = listen
    this.timer = setInterval(() => this.send(), this.settings.heartbeatIntervalMs)
    this.timer.unref?.()
    this.send()
  }

  stop() {
    clearInterval(this.timer)
  }

  body() {
    return {
      softwareVersion: this.settings.softwareVersion,
      policyVersion: this.state.version,
      policyAppliedAt: this.state.appliedAt ? new Date(this.state.appliedAt).toISOString() : null,
      queueDepth: countQueueFiles(this.queueDir),
      spoolDepth: this.spool.depth,
      warnings: [...this.warnings(), ...(this.state.warnings || [])].slice(0, MAX_WARNINGS).map((w) => String(w).slice(0, MAX_WARNING_LENGTH)),
      ...(this.listen ? { listen: this.listen } : {}),
    }
  }

  async send() {
    if (this.inFlight) {
      this.again = true
      return
    }
    this.inFlight = true
    try {
      const response = await relayRequest(this.settings, { method: 'POST', path: '/heartbeat', body: this.body(), timeoutMs: 5000 })
      if (!response.ok) throw new Error(`heartbeat answered ${response.status}`)
      this.failing = false
    } catch (err) {
      if (!this.failing) this.log.warn(`heartbeat failed: ${err.message}`)
      this.failing = true
    } finally {
      this.inFlight = false
      if (this.again) {
        this.again = false
        this.send()
      }
    }
  }
}

module.exports = { Heartbeat }
