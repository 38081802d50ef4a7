import { headers } from "next/headers";
import NextAuth, { CredentialsSignin } from "next-auth";
import { getToken } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
import { authenticate } from "@/lib/auth/authenticate";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { endSession } from "@/lib/auth/end-sessions";
import { MFA_REQUIRED } from "@/lib/auth/mfa/sign-in-step";
import { SESSION_MAX_AGE_S } from "@/lib/auth/session-policy";
import { replacePreviousSession } from "@/lib/auth/sessions/replace-session";
import { startSession } from "@/lib/auth/sessions/start-session";
import { ssoProviders, ssoSignInCallback } from "@/lib/auth/sso/next-auth-sso";
import { AppError } from "@/lib/errors";
import { deriveKey } from "@/lib/server/config/secret";
import { signInSchema } from "@/lib/validations/auth";
import { signInCodeSchema } from "@/lib/validations/mfa";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Carries our own message to the sign-in form (next-auth exposes only `code`).
class SignInRefused extends CredentialsSignin {
  constructor(message: string) {
    super(message);
    this.code = message;
  }
}

// The session id in the cookie this browser already holds, if any (next-auth hands the jwt callback a
// fresh token at sign-in, so the old one is read from the request's cookie).
async function previousSessionId(request: {
  get(name: string): string | null;
}): Promise<{ uid: string; sid: string } | null> {
  const secret = deriveKey("session").toString("base64url");
  for (const secureCookie of [false, true]) {
    const token = await getToken({
      req: { headers: { cookie: request.get("cookie") ?? "" } },
      secret,
      secureCookie,
    }).catch(() => null);
    if (typeof token?.uid === "string" && typeof token.sid === "string" && UUID.test(token.sid))
      return { uid: token.uid, sid: token.sid };
  }
  return null;
}

// Lazy configuration: single sign-on (lib/auth/sso) is read from the settings (cached briefly), so a
// change on the Settings page applies without a restart.
export const { handlers, auth, signIn, signOut } = NextAuth(async () => ({
  secret: deriveKey("session").toString("base64url"),
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S, updateAge: 60 * 60 },
  pages: { signIn: "/sign-in", error: "/sign-in" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {}, code: {} },
      async authorize(credentials, request) {
        const parsed = signInSchema.safeParse(credentials);
        if (!parsed.success) throw new SignInRefused(parsed.error.issues[0]?.message ?? "Invalid sign-in");
        try {
          const code = signInCodeSchema.safeParse((credentials as { code?: unknown }).code);
          if (!code.success) throw new SignInRefused(code.error.issues[0]?.message ?? "Invalid code");
          const user = await authenticate({ ...parsed.data, code: code.data, ip: clientIpFrom(request.headers) });
          const { id, email, name, sessionVersion, mfaVerified } = user;
          return { id, email, name, sessionVersion, mfaVerified };
        } catch (error) {
          // The form tells "code needed" from a refusal by this code (no session is created).
          if (error instanceof AppError)
            throw new SignInRefused(error.code === "mfa_required" ? MFA_REQUIRED : error.message);
          throw error;
        }
      },
    }),
    ...(await ssoProviders()),
  ],
  events: {
    async signOut(message) {
      const token = "token" in message ? message.token : null;
      const userId = typeof token?.uid === "string" ? token.uid : null;
      const sessionId = typeof token?.sid === "string" ? token.sid : null;
      if (userId && sessionId && UUID.test(userId) && UUID.test(sessionId))
        await endSession({ userId, sessionId, ip: await headers().then(clientIpFrom, () => null) });
    },
  },
  callbacks: {
    // Single sign-on: user and role from the claims, or a redirect to the refusal page.
    signIn: ssoSignInCallback,
    // A sign-in (user is set only then) starts a server-side session; the cookie carries its id.
    async jwt({ token, user, account }) {
      if (user?.id) {
        const signedIn = user as { sessionVersion?: number; mfaVerified?: boolean };
        const request = await headers();
        const ip = clientIpFrom(request);
        const { id } = await startSession({
          userId: user.id,
          method: account?.provider === "credentials" ? "password" : "oidc",
          ip,
          userAgent: request.get("user-agent"),
          mfaVerified: signedIn.mfaVerified === true,
          oidcRefreshToken: account?.refresh_token ?? null,
        });
        // Signing in again in a browser already signed in as the same user (re-authentication for a
        // dangerous action): the new session replaces the old one, which is revoked.
        const previous = await previousSessionId(request);
        if (previous && previous.uid === user.id && previous.sid !== id)
          await replacePreviousSession({ previousSessionId: previous.sid, userId: user.id, newSessionId: id, ip });
        token.uid = user.id;
        token.sv = signedIn.sessionVersion ?? 1;
        token.sid = id;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, uid: token.uid as string, sv: token.sv as number, sid: token.sid as string };
    },
  },
}));
