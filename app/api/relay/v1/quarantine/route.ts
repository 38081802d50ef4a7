// POST /api/relay/v1/quarantine – a message the relay holds in its quarantine store: metadata and
// redacted findings, idempotent by the id the relay made (a retried report answers duplicate).
import { parseInput } from "@/lib/errors";
import { reportQuarantined } from "@/lib/quarantine/report-quarantined";
import { quarantineReportSchema } from "@/lib/relay-contract/schemas";
import { readJsonBody } from "@/lib/server/http/read-json-body";
import { relayRoute } from "@/lib/server/http/relay-route";

// Up to 10,000 recipients and 200 headers: a few MB at the very most.
const QUARANTINE_REPORT_BODY_LIMIT_BYTES = 4 * 1024 * 1024;

export const POST = relayRoute(async ({ relay }, request) => {
  const input = parseInput(quarantineReportSchema, await readJsonBody(request, QUARANTINE_REPORT_BODY_LIMIT_BYTES));
  const answer = await reportQuarantined({ relayId: relay.id, input });
  return Response.json(answer, { status: answer.duplicate ? 200 : 201 });
});
