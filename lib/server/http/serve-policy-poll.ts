import "server-only";
import type { IncomingMessage, ServerResponse } from "node:http";
import { answerPolicyPoll } from "@/lib/relay-contract/answer-policy-poll";
import { authenticateRelay } from "@/lib/relays/authenticate-relay";
import { relayErrorResponse } from "./relay-route";

// The relays' policy poll on node:http directly: hundreds of relays poll every few seconds and
// almost every answer is a 304 from memory, which Next's per-request pipeline (≈1 ms) would
// otherwise dominate. Same answers as the route (app/api/relay/v1/policy/route.ts): one function.
export async function servePolicyPoll(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "http://control-plane.invalid");
  try {
    const relay = await authenticateRelay(req.headers.authorization);
    const answer = await answerPolicyPoll({
      relay,
      ifNoneMatch: req.headers["if-none-match"] ?? null,
      query: url.searchParams,
      signal: url.searchParams.has("wait") ? abortedOnDisconnect(res) : undefined,
    });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body ?? undefined);
  } catch (error) {
    const response = relayErrorResponse(error, `GET ${url.pathname}`);
    const body = await response.text();
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(body);
  }
}

// A long-poll ends early when its relay goes away (only long-polls need it: it costs per request).
function abortedOnDisconnect(res: ServerResponse): AbortSignal {
  const controller = new AbortController();
  res.once("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller.signal;
}

// Installed by instrumentation.ts in the server's process, where the custom server finds it.
export interface DirectRoutes {
  policyPoll: typeof servePolicyPoll;
}
