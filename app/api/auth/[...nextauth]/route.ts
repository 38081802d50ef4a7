// GET/POST /api/auth/* – next-auth's own endpoints (session, CSRF token, credentials callback,
// single sign-on start and callback), at the origin the browser used (lib/auth/sso/public-origin.ts).
import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { withPublicOrigin } from "@/lib/auth/sso/public-origin";

export const GET = (request: NextRequest) => handlers.GET(withPublicOrigin(request));
export const POST = (request: NextRequest) => handlers.POST(withPublicOrigin(request));
