import { NextRequest } from "next/server";

// next-auth's route handlers build every URL they hand out (the OIDC redirect_uri, the redirect
// after the callback, the error page) from the request's URL, which Next fills with the address the
// server listens on, not the one the browser used. Server actions already use the Host header
// (next-auth's createActionURL, with trustHost); this gives the route handlers the same origin, so a
// browser that started at https://switchyard.example.com comes back there with its cookies.
// AUTH_URL, when set, wins (next-auth applies it itself).
export function withPublicOrigin(request: NextRequest): NextRequest {
  if (process.env.AUTH_URL || process.env.NEXTAUTH_URL) return request;
  const host = (request.headers.get("x-forwarded-host") ?? request.headers.get("host"))?.split(",")[0].trim();
  if (!host) return request;
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0].trim() || url.protocol.replace(/:$/, "");
  const origin = `${proto === "https" ? "https" : "http"}://${host}`;
  if (origin === url.origin) return request;
  return new NextRequest(`${origin}${url.pathname}${url.search}`, request);
}
