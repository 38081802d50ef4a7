import { getDb } from "@/db/client";
import { userSessions } from "@/db/schema";
import { seal } from "@/lib/server/crypto/seal";

export const OIDC_REFRESH_SEAL_PURPOSE = "oidc-refresh-tokens";
const USER_AGENT_MAX = 400;

export interface StartSessionInput {
  userId: string;
  method: "password" | "oidc";
  ip: string | null;
  userAgent: string | null;
  // A second factor was checked as part of this sign-in.
  mfaVerified: boolean;
  // Single sign-on: the provider's refresh token, kept sealed to re-read the groups claim.
  oidcRefreshToken?: string | null;
}

// Records a new signed-in browser; its id goes into the session cookie.
export async function startSession(input: StartSessionInput): Promise<{ id: string }> {
  const now = new Date();
  const [row] = await getDb()
    .insert(userSessions)
    .values({
      userId: input.userId,
      method: input.method,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, USER_AGENT_MAX) ?? null,
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      mfaVerifiedAt: input.mfaVerified ? now : null,
      claimsCheckedAt: input.method === "oidc" ? now : null,
      oidcRefreshTokenSealed: input.oidcRefreshToken
        ? seal(input.oidcRefreshToken, { purpose: OIDC_REFRESH_SEAL_PURPOSE })
        : null,
    })
    .returning({ id: userSessions.id });
  return row;
}
