// POST /api/relay/v1/heartbeat – software version, policy version applied and when, queue depth.
import { parseInput } from "@/lib/errors";
import { heartbeatSchema } from "@/lib/relay-contract/schemas";
import { recordHeartbeat } from "@/lib/relays/record-heartbeat";
import { readJsonBody } from "@/lib/server/http/read-json-body";
import { relayRoute } from "@/lib/server/http/relay-route";

const HEARTBEAT_BODY_LIMIT_BYTES = 16 * 1024;

// The body is parsed here, at the edge, with the relay contract's schema (422 naming the field).
export const POST = relayRoute(async ({ relay, ip }, request) => {
  const input = parseInput(heartbeatSchema, await readJsonBody(request, HEARTBEAT_BODY_LIMIT_BYTES));
  return recordHeartbeat({ relayId: relay.id, ip, input });
});
