import { type NextRequest, NextResponse } from "next/server";
import { SESSION_COOKIE_NAMES } from "@/lib/auth/session-policy";

// A coarse redirect only: pages without a session cookie go to sign-in. Every page, action and
// route handler still checks the session and permission on the server itself.
export function proxy(request: NextRequest) {
  const hasSessionCookie = SESSION_COOKIE_NAMES.some((name) => request.cookies.has(name));
  if (hasSessionCookie) return NextResponse.next();
  const url = request.nextUrl.clone();
  url.pathname = "/sign-in";
  url.search = "";
  return NextResponse.redirect(url);
}

export const config = {
  // Everything but sign-in, the APIs (which answer 401 themselves) and static assets.
  matcher: ["/((?!sign-in|api/|_next/|favicon.ico).*)"],
};
