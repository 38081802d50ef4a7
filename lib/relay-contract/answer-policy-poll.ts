import type { Relay } from "@/db/schema";
import { parseInput } from "@/lib/errors";
import { waitForPolicyVersionAbove } from "@/lib/policy/policy-changes";
import { currentSnapshot } from "@/lib/policy/snapshot-cache";
import { SnapshotUnavailableError } from "@/lib/policy/snapshot-unavailable";
import { recordPoll } from "@/lib/relays/record-heartbeat";
import { noteSnapshotServed } from "@/lib/relays/record-holdings";
import { countPolicyPoll } from "@/lib/server/metrics/record-metrics";
import { policyQuerySchema } from "./schemas";

// A relay that is answered 503 backs off and polls again; this is the soonest it should.
const UNAVAILABLE_RETRY_AFTER_S = 5;

export interface PolicyPollAnswer {
  status: 200 | 304 | 503;
  headers: Record<string, string>;
  // The snapshot's JSON (200), the error's JSON (503) or nothing (304).
  body: string | null;
}

// The snapshot cannot be built (e.g. a DKIM key sealed under another SWITCHYARD_SECRET): the
// relay keeps its last good snapshot (fail-static) and the answer names the cause.
function unavailable(error: SnapshotUnavailableError): PolicyPollAnswer {
  return {
    status: 503,
    headers: {
      "Content-Type": "application/json",
      "Cache-Control": "no-store",
      "Retry-After": String(UNAVAILABLE_RETRY_AFTER_S),
    },
    body: JSON.stringify({
      error: { code: "snapshot_unavailable", message: `The policy snapshot cannot be built: ${error.message}` },
    }),
  };
}

// GET /api/relay/v1/policy for an authenticated relay: the snapshot with its ETag (the version);
// If-None-Match answers 304; ?wait=N (≤ 30 s) holds the poll until the version changes. Shared
// by the Next route and the server's direct path (scripts/serve-dashboard.ts).
export async function answerPolicyPoll({
  relay,
  ifNoneMatch,
  query,
  signal,
}: {
  relay: Relay;
  ifNoneMatch: string | null;
  query: URLSearchParams;
  signal?: AbortSignal;
}): Promise<PolicyPollAnswer> {
  try {
    const { wait } = parseInput(policyQuerySchema, Object.fromEntries(query));
    let snapshot = await currentSnapshot();
    if (wait && ifNoneMatch === snapshot.etag) {
      await waitForPolicyVersionAbove(snapshot.version, wait * 1000, signal);
      snapshot = await currentSnapshot();
    }
    void recordPoll(relay.id).catch(() => undefined);
    const headers = { ETag: snapshot.etag, "Cache-Control": "no-store" };
    if (ifNoneMatch === snapshot.etag) {
      countPolicyPoll("304");
      return { status: 304, headers, body: null };
    }
    // The relay now holds these private keys: recorded off the answer's path (never fails it).
    void noteSnapshotServed({ relayId: relay.id, version: snapshot.version, dkimKeyIds: snapshot.dkimKeyIds });
    countPolicyPoll("200");
    return { status: 200, headers: { ...headers, "Content-Type": "application/json" }, body: snapshot.body };
  } catch (error) {
    countPolicyPoll("error");
    if (error instanceof SnapshotUnavailableError) return unavailable(error);
    throw error;
  }
}
