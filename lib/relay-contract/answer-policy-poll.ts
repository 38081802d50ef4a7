import type { Relay } from "@/db/schema";
import { parseInput } from "@/lib/errors";
import { countPolicyPoll } from "@/lib/metrics/record-metrics";
import { waitForPolicyVersionAbove } from "@/lib/policy/policy-changes";
import { currentSnapshot } from "@/lib/policy/snapshot-cache";
import { recordPoll } from "@/lib/relays/record-heartbeat";
import { policyQuerySchema } from "./schemas";

export interface PolicyPollAnswer {
  status: 200 | 304;
  headers: Record<string, string>;
  // The snapshot's JSON (200) or nothing (304).
  body: string | null;
}

// GET /api/relay/v1/policy for an authenticated relay: the snapshot with its ETag (the version);
// If-None-Match answers 304; ?wait=N (≤ 30 s) holds the poll until the version changes. Shared
// by the Next route and the server's direct path (scripts/serve-dashboard.ts).
export async function answerPolicyPoll({ relay, ifNoneMatch, query, signal }: { relay: Relay; ifNoneMatch: string | null; query: URLSearchParams; signal?: AbortSignal }): Promise<PolicyPollAnswer> {
  try {
    const { wait } = parseInput(policyQuerySchema, Object.fromEntries(query));
    let snapshot = await currentSnapshot();
    if (wait && ifNoneMatch === snapshot.etag) {
      await waitForPolicyVersionAbove(snapshot.version, wait * 1000, signal);
      snapshot = await currentSnapshot();
    }
    void recordPoll(relay.id).catch(() => undefined);
    const headers = { ETag: snapshot.etag, "Cache-Control": "no-store" };
    const answer: PolicyPollAnswer = ifNoneMatch === snapshot.etag ? { status: 304, headers, body: null } : { status: 200, headers: { ...headers, "Content-Type": "application/json" }, body: snapshot.body };
    countPolicyPoll(answer.status === 304 ? "304" : "200");
    return answer;
  } catch (error) {
    countPolicyPoll("error");
    throw error;
  }
}
