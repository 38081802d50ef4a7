// Largest request body a server action accepts; larger ones are refused with 413 before Next
// parses them (Next itself would answer its own limit with a 500).
export const SERVER_ACTION_BODY_LIMIT_BYTES = 256 * 1024;
