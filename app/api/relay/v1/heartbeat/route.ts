// POST /api/relay/v1/heartbeat – software version, policy version applied and when, queue depth.
import { readJsonBody } from "@/lib/http/read-json-body";
import { relayRoute } from "@/lib/http/relay-route";
import { recordHeartbeat } from "@/lib/relays/record-heartbeat";

const HEARTBEAT_BODY_LIMIT_BYTES = 16 * 1024;

export const POST = relayRoute(async ({ relay, ip }, request) =>
  recordHeartbeat({ relayId: relay.id, ip, input: await readJsonBody(request, HEARTBEAT_BODY_LIMIT_BYTES) }),
);
