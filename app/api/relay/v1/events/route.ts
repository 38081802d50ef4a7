// POST /api/relay/v1/events – a batch of delivery events; idempotent by event id; invalid events
// are named in the answer while valid ones in the same batch are kept.
import { ingestEvents } from "@/lib/events/ingest-events";
import { readJsonBody } from "@/lib/http/read-json-body";
import { relayRoute } from "@/lib/http/relay-route";
import { MAX_EVENTS_BATCH_BYTES } from "@/lib/relay-contract/schemas";

export const POST = relayRoute(async ({ relay }, request) => {
  const result = await ingestEvents({ relayId: relay.id, input: await readJsonBody(request, MAX_EVENTS_BATCH_BYTES) });
  const nothingValid = result.accepted + result.duplicates === 0 && result.invalid.length > 0;
  return Response.json(
    nothingValid ? { error: { code: "validation_failed", message: "No valid event in the batch" }, ...result } : result,
    { status: nothingValid ? 422 : 200 },
  );
});
