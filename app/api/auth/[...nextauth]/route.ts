// GET/POST /api/auth/* – next-auth's own endpoints (session, CSRF token, credentials callback,
// single sign-on start and callback), at the origin the browser used (lib/auth/sso/public-origin.ts).
import type { NextRequest } from "next/server";
import { handlers } from "@/auth";
import { withPublicOrigin } from "@/lib/auth/sso/public-origin";

export const GET = async (request: NextRequest) => handlers.GET(await withPublicOrigin(request));
export const POST = async (request: NextRequest) => handlers.POST(await withPublicOrigin(request));
