// POST /api/relay/v1/events – a batch of delivery events; idempotent by event id; invalid events
// are named in the answer while valid ones in the same batch are kept.
import { parseInput } from "@/lib/errors";
import { ingestEvents } from "@/lib/events/ingest-events";
import { eventBatchSchema, MAX_EVENTS_BATCH_BYTES } from "@/lib/relay-contract/schemas";
import { readJsonBody } from "@/lib/server/http/read-json-body";
import { relayRoute } from "@/lib/server/http/relay-route";
import { observeEventBatch, observeEventBatchError } from "@/lib/server/metrics/record-metrics";

export const POST = relayRoute(async ({ relay }, request) => {
  const started = performance.now();
  let ingested: Awaited<ReturnType<typeof ingestEvents>>;
  try {
    // The envelope is parsed here, at the edge; ingestEvents validates each event on its own.
    const input = parseInput(eventBatchSchema, await readJsonBody(request, MAX_EVENTS_BATCH_BYTES));
    ingested = await ingestEvents({ relayId: relay.id, input });
  } catch (error) {
    observeEventBatchError(error, (performance.now() - started) / 1000);
    throw error;
  }
  observeEventBatch(ingested, (performance.now() - started) / 1000);
  // outcomes feed the metrics only; the answer is the contract's eventBatchResultSchema.
  const { outcomes: _outcomes, ...result } = ingested;
  const nothingValid = result.accepted + result.duplicates === 0 && result.invalid.length > 0;
  return Response.json(
    nothingValid ? { error: { code: "validation_failed", message: "No valid event in the batch" }, ...result } : result,
    { status: nothingValid ? 422 : 200 },
  );
});
