const MB = 1024 * 1024;

// Largest request body a server action accepts; larger ones are refused with 413 before Next
// parses them (Next itself would answer its own limit with a 500).
export const SERVER_ACTION_BODY_LIMIT_BYTES = 256 * 1024;

// Largest JSON body of a management API call.
export const API_JSON_BODY_LIMIT_BYTES = 1 * MB;

// No body reader of ours may allow more than this (read-raw-body.ts refuses a larger limit).
export const LARGEST_BODY_LIMIT_BYTES = 10 * MB;

// Next hands the proxy (proxy.ts) a copy of every request body and, past this size, silently cuts
// the body the route handler reads: an 11 MB chunked upload arrived as a valid 10 MB one. Kept
// above our largest limit by far more than one socket read (≤ 64 KB), so a handler counting what it
// reads still sees an oversized body as oversized and our 413 decides, never Next's cut.
export const PROXY_BODY_BUFFER_BYTES = LARGEST_BODY_LIMIT_BYTES + 1 * MB;
