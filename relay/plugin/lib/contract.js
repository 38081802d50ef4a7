// @ts-check
'use strict'

// The constants of lib/relay-contract/schemas.ts this plain-JS plugin needs (it cannot import TS);
// tests/unit/relay-contract-constants.test.ts keeps them equal to the contract's.
module.exports = {
  RELAY_API_PREFIX: '/api/relay/v1',
  MAX_POLL_WAIT_S: 30,
  // The heartbeat's bounds (heartbeatSchema): more would get the whole heartbeat refused.
  MAX_HEARTBEAT_WARNINGS: 20,
  MAX_HEARTBEAT_WARNING_LENGTH: 500,
  // The contract allows 1000; 500 keeps a batch well under its 2 MB limit.
  EVENTS_PER_BATCH: 500,
}
