// POST /api/relay/v1/quarantine/{id}/settled – the holding relay acted on a command: released the
// message into its outbound queue, delivered it, or deleted it. Idempotent; only its own messages.
import { parseInput } from "@/lib/errors";
import { settleQuarantined } from "@/lib/quarantine/settle-quarantined";
import { quarantineSettledSchema } from "@/lib/relay-contract/schemas";
import { idParams } from "@/lib/server/api/operations/credentials";
import { readJsonBody } from "@/lib/server/http/read-json-body";
import { relayRoute } from "@/lib/server/http/relay-route";

const SETTLED_BODY_LIMIT_BYTES = 16 * 1024;

export const POST = relayRoute(async ({ relay, params }, request) => {
  const { id } = parseInput(idParams, params);
  const input = parseInput(quarantineSettledSchema, await readJsonBody(request, SETTLED_BODY_LIMIT_BYTES));
  return settleQuarantined({ relayId: relay.id, id, input });
});
