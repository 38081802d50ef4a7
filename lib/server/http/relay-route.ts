import "server-only";
import type { Relay } from "@/db/schema";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { authenticateRelay } from "@/lib/relays/authenticate-relay";
import { jsonError } from "./json-error";

export interface RelayContext {
  relay: Relay;
  ip: string | null;
  // The route's dynamic segments (e.g. { id } of /quarantine/[id]/settled), unparsed.
  params: Record<string, string>;
}

// An error of a /api/relay/v1 request as JSON with a code; a 401 says which scheme to use.
export function relayErrorResponse(error: unknown, where: string): Response {
  const response = jsonError(error, where);
  if (response.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="switchyard-relay"');
  return response;
}

// Wraps a /api/relay/v1 handler: the relay's bearer token first (401 when missing, malformed,
// unknown or revoked), errors as JSON with a code, nothing unexpected leaks.
export function relayRoute(handler: (context: RelayContext, request: Request) => Promise<Response | unknown>) {
  return async (request: Request, segment?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const relay = await authenticateRelay(request.headers.get("authorization"));
      const params = (await segment?.params) ?? {};
      const result = await handler({ relay, ip: clientIpFrom(request.headers), params }, request);
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return relayErrorResponse(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}
