import type { NextRequest } from "next/server";

// next-auth's route handlers build every URL they hand out (the OIDC redirect_uri, the redirect
// after the callback, the error page) from the request's URL, which Next fills with the address the
// server listens on, not the one the browser used (and NextURL turns 127.0.0.1 into localhost).
// Server actions already use the Host header (next-auth's createActionURL, with trustHost); this
// gives the route handlers the same origin, so a browser that started at
// https://switchyard.example.com comes back there with its cookies, and the redirect_uri of the
// code exchange is the one of the authorization request. AUTH_URL, when set, wins (next-auth applies it).
// A plain Request, not a NextRequest, so that the origin is kept as it is.
export async function withPublicOrigin(request: NextRequest): Promise<NextRequest> {
  if (process.env.AUTH_URL || process.env.NEXTAUTH_URL) return request;
  const host = (request.headers.get("x-forwarded-host") ?? request.headers.get("host"))?.split(",")[0].trim();
  if (!host) return request;
  const url = new URL(request.url);
  const proto = request.headers.get("x-forwarded-proto")?.split(",")[0].trim() || url.protocol.replace(/:$/, "");
  const target = `${proto === "https" ? "https" : "http"}://${host}${url.pathname}${url.search}`;
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const rebuilt = new Request(target, {
    method: request.method,
    headers: request.headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
  });
  return rebuilt as NextRequest;
}
