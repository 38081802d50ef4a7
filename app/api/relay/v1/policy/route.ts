// GET /api/relay/v1/policy – the policy snapshot (see lib/relay-contract/answer-policy-poll.ts).
// `npm start` serves this path directly from its HTTP server, ahead of Next's router
// (scripts/serve-dashboard.ts); this route answers it under `next dev` and any other server.

import { answerPolicyPoll } from "@/lib/relay-contract/answer-policy-poll";
import { relayRoute } from "@/lib/server/http/relay-route";

export const dynamic = "force-dynamic";

export const GET = relayRoute(async ({ relay }, request) => {
  const answer = await answerPolicyPoll({
    relay,
    ifNoneMatch: request.headers.get("if-none-match"),
    query: new URL(request.url).searchParams,
    signal: request.signal,
  });
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
});
