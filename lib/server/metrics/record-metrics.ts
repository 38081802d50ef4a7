import { AppError } from "@/lib/errors";
import type { IngestResult } from "@/lib/events/ingest-events";
import { metrics } from "./registry";

// Small recorders the routes and domain functions call, so they need not know prom-client.

export function observeEventBatch(result: IngestResult, seconds: number): void {
  const m = metrics();
  m.ingestDuration.observe(seconds);
  const stored = result.accepted + result.duplicates;
  m.eventBatches.inc({ result: result.invalid.length === 0 ? "ok" : stored > 0 ? "partial" : "invalid" });
  for (const [outcome, count] of Object.entries(result.outcomes ?? {}))
    if (count) m.eventsIngested.inc({ outcome }, count);
  if (result.duplicates) m.eventsDiscarded.inc({ reason: "duplicate" }, result.duplicates);
  if (result.invalid.length) m.eventsDiscarded.inc({ reason: "invalid" }, result.invalid.length);
}

// A batch refused as a whole: 4xx (not JSON, too large, empty) is "invalid", anything else "error".
export function observeEventBatchError(error: unknown, seconds: number): void {
  const m = metrics();
  m.ingestDuration.observe(seconds);
  m.eventBatches.inc({ result: error instanceof AppError && error.status < 500 ? "invalid" : "error" });
}

export function countPolicyPoll(result: "200" | "304" | "error"): void {
  metrics().policyPolls.inc({ result });
}

export function countComplaint(result: "recorded" | "duplicate" | "invalid"): void {
  metrics().complaints.inc({ result });
}

// A relay's report of a held message (a retried report is a duplicate).
export function countQuarantineReport(result: "recorded" | "duplicate"): void {
  metrics().quarantineReports.inc({ result });
}
