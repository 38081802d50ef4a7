import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type User, users } from "@/db/schema";
import { type Actor, anonymousActor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import type { Role } from "@/lib/auth/roles";
import { toUserView } from "@/lib/users/user-view";
import { groupsFromClaims, roleForGroups } from "./role-from-claims";
import type { SsoMapping } from "./sso-schemas";

export type SsoRefusal = "no-role" | "email-taken" | "disabled" | "no-identity";

export type SsoSignInResult =
  | { ok: true; user: User; created: boolean }
  | { ok: false; reason: SsoRefusal; detail: string };

export interface SsoClaimsInput {
  // The ID token's claims, already verified by next-auth (signature source, iss, aud, exp, nonce).
  claims: Record<string, unknown>;
  mapping: SsoMapping;
  ip: string | null;
}

const NAME_MAX = 200;
const EMAIL_MAX = 254;

function text(value: unknown): string | null {
  return typeof value === "string" && value.trim() ? value.trim() : null;
}

// One single sign-on: the user is found by (issuer, subject), created on first sign-in, their
// email and name refreshed from the claims, and their role taken from the groups claim every time.
// Refusals (no mapped group, a local account holding the email, a disabled account) are audited.
export async function signInWithClaims({ claims, mapping, ip }: SsoClaimsInput): Promise<SsoSignInResult> {
  const issuer = text(claims.iss);
  const subject = text(claims.sub);
  const email = text(claims.email)?.toLowerCase().slice(0, EMAIL_MAX) ?? null;
  const who = email ?? `${subject ?? "?"}@${issuer ?? "?"}`;
  if (!issuer || !subject || !email)
    return refuse(who, ip, "no-identity", "The provider sent no email address (add the email scope or claim).");
  const name = (text(claims.name) ?? text(claims.preferred_username) ?? email).slice(0, NAME_MAX);
  const groups = groupsFromClaims(claims, mapping.claim);
  const role = roleForGroups(groups, mapping.rules);

  const db = getDb();
  const [existing] = await db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, issuer), eq(users.oidcSubject, subject)));
  if (!role) {
    const listed = groups.length ? groups.slice(0, 20).join(", ") : "none";
    return refuse(who, ip, "no-role", `No role for the groups in claim "${mapping.claim}" (${listed}).`);
  }
  if (existing && existing.status !== "active") return refuse(who, ip, "disabled", "This account is disabled.");

  // The email belongs to another account (a local one, or another identity): never taken over.
  const [holder] = await db.select().from(users).where(eq(users.email, email));
  if (holder && holder.id !== existing?.id) {
    const what = holder.source === "local" ? "a local (password) account" : "another single sign-on identity";
    return refuse(who, ip, "email-taken", `${email} already belongs to ${what}.`);
  }

  const now = new Date();
  return db.transaction(async (tx) => {
    if (!existing) {
      const [user] = await tx
        .insert(users)
        .values({ email, name, role, source: "oidc", passwordHash: null, oidcIssuer: issuer, oidcSubject: subject })
        .returning();
      const actor = ssoActor(user, ip);
      await writeAudit(tx, actor, {
        action: "user.create",
        targetType: "user",
        targetId: user.id,
        reason: `first single sign-on (groups: ${groups.join(", ")})`,
        after: toUserView(user),
      });
      await auditSignIn(tx, actor, user, groups);
      const [signedIn] = await tx.update(users).set({ lastSignInAt: now }).where(eq(users.id, user.id)).returning();
      return { ok: true as const, user: signedIn, created: true };
    }
    const [user] = await tx
      .update(users)
      .set({ email, name, role, lastSignInAt: now, updatedAt: now })
      .where(eq(users.id, existing.id))
      .returning();
    const actor = ssoActor(user, ip);
    if (existing.role !== role) await auditRoleFromGroups(tx, actor, existing.id, existing.role, role, groups);
    if (existing.email !== email || existing.name !== name)
      await writeAudit(tx, actor, {
        action: "user.update_from_claims",
        targetType: "user",
        targetId: user.id,
        before: { email: existing.email, name: existing.name },
        after: { email, name },
      });
    await auditSignIn(tx, actor, user, groups);
    return { ok: true as const, user, created: false };
  });
}

export function ssoActor(user: User, ip: string | null): Actor {
  return { kind: "user", id: user.id, label: user.email, role: user.role, ip };
}

type Executor = Parameters<typeof writeAudit>[0];

export async function auditRoleFromGroups(
  tx: Executor,
  actor: Actor,
  userId: string,
  before: Role,
  after: Role,
  groups: string[],
): Promise<void> {
  await writeAudit(tx, actor, {
    action: "user.change_role",
    targetType: "user",
    targetId: userId,
    reason: `from the provider's groups (${groups.join(", ") || "none"})`,
    before: { role: before },
    after: { role: after },
  });
}

async function auditSignIn(tx: Executor, actor: Actor, user: User, groups: string[]): Promise<void> {
  await writeAudit(tx, actor, {
    action: "auth.sign_in",
    targetType: "user",
    targetId: user.id,
    reason: `single sign-on as ${user.role} (groups: ${groups.join(", ") || "none"})`,
  });
}

async function refuse(who: string, ip: string | null, reason: SsoRefusal, detail: string): Promise<SsoSignInResult> {
  await getDb().transaction((tx) =>
    writeAudit(tx, anonymousActor(who, ip), {
      action: "auth.sign_in_failed",
      targetType: "user",
      targetId: who,
      reason: `single sign-on refused: ${detail}`,
    }),
  );
  return { ok: false, reason, detail };
}
