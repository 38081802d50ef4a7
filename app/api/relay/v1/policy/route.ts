// GET /api/relay/v1/policy – the policy snapshot. ETag is the version; If-None-Match answers 304;
// ?wait=N (≤ 30 s) holds the request until the version changes (long-poll).
import { parseInput } from "@/lib/errors";
import { type RelayContext, relayRoute } from "@/lib/http/relay-route";
import { countPolicyPoll } from "@/lib/metrics/record-metrics";
import { waitForPolicyVersionAbove } from "@/lib/policy/policy-changes";
import { currentSnapshot } from "@/lib/policy/snapshot-cache";
import { policyQuerySchema } from "@/lib/relay-contract/schemas";
import { recordPoll } from "@/lib/relays/record-heartbeat";

export const dynamic = "force-dynamic";

async function poll({ relay }: RelayContext, request: Request): Promise<Response> {
  const { wait } = parseInput(policyQuerySchema, Object.fromEntries(new URL(request.url).searchParams));
  const ifNoneMatch = request.headers.get("if-none-match");
  let snapshot = await currentSnapshot();
  if (wait && ifNoneMatch === snapshot.etag) {
    await waitForPolicyVersionAbove(snapshot.version, wait * 1000, request.signal);
    snapshot = await currentSnapshot();
  }
  void recordPoll(relay.id).catch(() => undefined);
  const headers = { ETag: snapshot.etag, "Cache-Control": "no-store" };
  if (ifNoneMatch === snapshot.etag) return new Response(null, { status: 304, headers });
  return new Response(snapshot.body, { headers: { ...headers, "Content-Type": "application/json" } });
}

export const GET = relayRoute(async (context, request) => {
  try {
    const response = await poll(context, request);
    countPolicyPoll(response.status === 304 ? "304" : "200");
    return response;
  } catch (error) {
    countPolicyPoll("error");
    throw error;
  }
});
