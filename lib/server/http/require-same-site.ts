import { AppError } from "@/lib/errors";
import { requireMediaType } from "./media-type";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// The host the browser addressed: a reverse proxy names it in X-Forwarded-Host (as Next's own
// server-action check reads it); a cross-site page cannot set that header without CORS.
function requestHost(request: Request): string {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0].trim();
  return (forwarded || request.headers.get("host") || new URL(request.url).host).toLowerCase();
}

function originHost(origin: string): string | null {
  try {
    return new URL(origin).host.toLowerCase() || null;
  } catch {
    return null;
  }
}

// A browser sends the session cookie with cross-site requests too (a form on any site can POST
// text/plain or form data here). So a mutation authenticated by that cookie must name this site as
// its Origin (browsers always send it on POST) and, unless the operation takes a raw body, carry
// JSON, which no cross-site form can send. Scripts use a Bearer token and are not affected.
export function requireSameSiteSessionCall(request: Request, { rawBody }: { rawBody: boolean }): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  const host = requestHost(request);
  if (!origin) {
    throw new AppError(
      "forbidden",
      "Refused: a change signed in with the dashboard session must come from this site's pages (no Origin header). Scripts send an API token: Authorization: Bearer <token>.",
    );
  }
  if (originHost(origin) !== host) {
    throw new AppError(
      "forbidden",
      `Refused cross-site request: Origin ${origin.slice(0, 200)} is not this site (${host}). Scripts send an API token: Authorization: Bearer <token>.`,
    );
  }
  if (!rawBody) requireMediaType(request, ["application/json"]);
}
