'use strict'

// The constants of lib/relay-contract/schemas.ts this plain-JS plugin needs (it cannot import TS).
module.exports = {
  RELAY_API_PREFIX: '/api/relay/v1',
  MAX_POLL_WAIT_S: 30,
  // The contract allows 1000; 500 keeps a batch well under its 2 MB limit.
  EVENTS_PER_BATCH: 500,
}
