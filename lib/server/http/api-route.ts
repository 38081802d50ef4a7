import "server-only";
import type { z } from "zod";
import { authenticateApiToken } from "@/lib/api-tokens/authenticate-api-token";
import { type Actor, roleLabel } from "@/lib/audit/actor";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { requireMfaSetUp } from "@/lib/auth/mfa/mfa-gate";
import { actorCan, type Permission } from "@/lib/auth/permissions";
import { currentSession, type SignInFacts } from "@/lib/auth/session";
import { recordDeniedAttempt } from "@/lib/denied-attempts/record-denied-attempt";
import { AppError, parseInput } from "@/lib/errors";
import type { ApiOperation } from "@/lib/server/api/operation";
import { API_JSON_BODY_LIMIT_BYTES } from "./body-limits";
import { jsonError } from "./json-error";
import { requireMediaType } from "./media-type";
import { rateLimitHeaders, takeRateLimit } from "./rate-limit";
import { readJsonBody } from "./read-json-body";
import { requireSameSiteSessionCall } from "./require-same-site";

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

export interface ApiContext<Op extends ApiOperation> {
  actor: Actor;
  // The session's sign-in facts (step-up checks them), or "api-token" for a bearer token call.
  signIn: SignInFacts | "api-token";
  params: Infer<Op["params"]>;
  query: Infer<Op["query"]>;
  body: Infer<Op["body"]>;
}

// Bearer API token, or the dashboard session (so the docs page and the browser can call it; a
// change made with the session must come from this site: require-same-site.ts).
async function authenticate(
  request: Request,
  operation: ApiOperation,
): Promise<{ actor: Actor; rateKey: string; signIn: SignInFacts | "api-token" }> {
  const authorization = request.headers.get("authorization");
  const ip = clientIpFrom(request.headers);
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (!match) throw new AppError("unauthenticated", "Authorization must be 'Bearer <token>'.");
    const { tokenId, actor } = await authenticateApiToken({ token: match[1], ip });
    return { actor, rateKey: `token:${tokenId}`, signIn: "api-token" };
  }
  const session = await currentSession();
  if (!session)
    throw new AppError("unauthenticated", "Send an API token as 'Authorization: Bearer <token>', or sign in.");
  requireSameSiteSessionCall(request, { rawBody: Boolean(operation.rawBody) });
  await requireMfaSetUp(session);
  return { actor: session.actor, rateKey: `user:${session.user.id}`, signIn: session.session };
}

// Wraps a management API route handler: authenticate → permission → rate limit → parse params,
// query and body with the operation's zod schemas → call the domain → JSON with X-RateLimit-*.
// The handler also gets the request (for an operation whose body is not JSON, operation.rawBody,
// whose media types are checked here) and may answer with its own Response (another status); the
// rate-limit headers are added to it.
export function apiRoute<Op extends ApiOperation & { permission: Permission }>(
  operation: Op,
  handler: (context: ApiContext<Op>, request: Request) => Promise<unknown>,
) {
  return async (request: Request, segment?: { params?: Promise<Record<string, string>> }): Promise<Response> => {
    let limitHeaders: Record<string, string> = {};
    try {
      const { actor, rateKey, signIn } = await authenticate(request, operation);
      if (!actorCan(actor, operation.permission)) {
        await recordDeniedAttempt({ actor, permission: operation.permission, surface: "api" });
        throw new AppError(
          "forbidden",
          `Your role (${roleLabel(actor)}) does not allow ${operation.id} (${operation.permission}).`,
        );
      }
      const verdict = await takeRateLimit(rateKey);
      limitHeaders = rateLimitHeaders(verdict);
      if (!verdict.allowed) {
        return Response.json(
          {
            error: {
              code: "too_many_requests",
              message: `Rate limit of ${verdict.limit} requests per minute reached; retry in ${verdict.resetSeconds} s.`,
            },
          },
          { status: 429, headers: { ...limitHeaders, "Retry-After": String(verdict.resetSeconds) } },
        );
      }
      // A raw body (operation.rawBody) is read by the handler; its declared media types are checked here.
      if (operation.rawBody) requireMediaType(request, operation.rawBody.mediaTypes);
      const rawParams = (await segment?.params) ?? {};
      const context = {
        actor,
        signIn,
        params: operation.params ? parseInput(operation.params, rawParams) : undefined,
        query: operation.query
          ? parseInput(operation.query, Object.fromEntries(new URL(request.url).searchParams))
          : undefined,
        body: operation.body
          ? parseInput(operation.body, await readJsonBody(request, API_JSON_BODY_LIMIT_BYTES))
          : undefined,
      } as ApiContext<Op>;
      const result = await handler(context, request);
      if (result instanceof Response) {
        for (const [k, v] of Object.entries(limitHeaders)) result.headers.set(k, v);
        return result;
      }
      return Response.json(result ?? {}, { status: operation.successStatus ?? 200, headers: limitHeaders });
    } catch (error) {
      const response = jsonError(error, `${operation.method} ${operation.path}`);
      for (const [k, v] of Object.entries(limitHeaders)) response.headers.set(k, v);
      if (response.status === 401) response.headers.set("WWW-Authenticate", 'Bearer realm="switchyard"');
      return response;
    }
  };
}
