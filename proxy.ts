import { type NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-policy";
import { apiRouteMiss } from "@/lib/server/http/api-route-miss";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "@/lib/server/http/body-limits";
import { serverActionTooLarge } from "@/lib/server/http/server-action-too-large";

// /recertify/<token>: a sender owner answers a re-certification link without an account (the token is the proof).
const PUBLIC_PATHS = ["/sign-in", "/api/", "/recertify/"];

// Coarse checks only. Every page, action and route handler still checks the session and the
// permission on the server itself; this just redirects early, refuses oversized action posts, and
// answers /api/v1 requests no route takes with JSON 404/405 (here, because Next answers a wrong
// method on an existing route with an empty 405 before any code of ours could run).
export async function proxy(request: NextRequest) {
  if (request.method === "POST" && request.headers.has("next-action") && (await serverActionTooLarge(request))) {
    return NextResponse.json(
      {
        error: {
          code: "payload_too_large",
          message: `The request is larger than ${SERVER_ACTION_BODY_LIMIT_BYTES / 1024} KB.`,
        },
      },
      { status: 413 },
    );
  }
  const path = request.nextUrl.pathname;
  const miss = apiRouteMiss(request.method, path);
  if (miss) return miss;
  if (PUBLIC_PATHS.some((p) => path.startsWith(p))) return NextResponse.next();
  if (SESSION_COOKIE_NAMES.some((name) => request.cookies.has(name))) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  return NextResponse.redirect(url);
}

export const config = {
  // Relays poll often and authenticate with their own tokens: keep the proxy off their hot path.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/relay/).*)"],
};
