// Single sign-on at the lib level, against the test database: provisioning by (issuer, subject),
// the group → role mapping, refusals, the sealed client secret, and the role recheck with a real
// OIDC provider (oauth2-mock-server) answering the refresh token grant.
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, settings, userSessions, users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { loadLiveSession } from "@/lib/auth/sessions/load-session";
import { startSession } from "@/lib/auth/sessions/start-session";
import { RECHECK_RETRY_DELAY_MS, recheckRole } from "@/lib/auth/sso/recheck-role";
import { saveSsoMapping, saveSsoProvider, saveSsoRecheck } from "@/lib/auth/sso/save-sso-settings";
import { signInWithClaims } from "@/lib/auth/sso/sign-in-with-claims";
import { forgetSsoConfig, loadSsoConfig } from "@/lib/auth/sso/sso-config";
import { resetUserPassword } from "@/lib/users/update-user";
import { ssoMappingInputSchema, ssoProviderInputSchema } from "@/lib/validations/sso";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";
import {
  issueRefreshToken,
  type OidcIdentity,
  startOidcProvider,
  type TestOidcProvider,
} from "../support/oidc-provider";

const ISSUER = "https://idp.example.test";
const mapping = {
  claim: "groups",
  rules: [
    { group: "sec", role: "security" as const },
    { group: "ops", role: "infra" as const },
    { group: "readers", role: "auditor" as const },
  ],
};
let admin: Actor;
let n = 0;
const claimsFor = (groups: string[], extra: Record<string, unknown> = {}) => {
  n++;
  return {
    iss: ISSUER,
    sub: `sub-${n}-${process.pid}`,
    email: `sso${n}-${process.pid}@corp.test`,
    name: `SSO ${n}`,
    groups,
    ...extra,
  };
};
const auditOf = (action: string, targetId: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));

beforeAll(async () => {
  admin = await makeActor("admin");
});

describe("SSO provisioning and mapping", () => {
  it("creates the user at the first sign-in (source oidc, no password), role from the highest group", async () => {
    const claims = claimsFor(["readers", "ops"]);
    const result = await signInWithClaims({ claims, mapping, ip: "198.51.100.1" });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.created).toBe(true);
    expect(result.user).toMatchObject({ source: "oidc", role: "infra", passwordHash: null, oidcIssuer: ISSUER });
    expect(result.user.oidcSubject).toBe(claims.sub);
    expect(await auditOf("user.create", result.user.id)).toHaveLength(1);
    expect(await auditOf("auth.sign_in", result.user.id)).toHaveLength(1);

    // Next sign-in: matched by (issuer, subject) even with a new email; role and profile follow the claims.
    const again = await signInWithClaims({
      claims: { ...claims, email: `renamed-${claims.email}`, name: "Renamed", groups: ["sec"] },
      mapping,
      ip: null,
    });
    expect(again.ok && again.user.id).toBe(result.user.id);
    expect(again.ok && again.user).toMatchObject({
      role: "security",
      name: "Renamed",
      email: `renamed-${claims.email}`,
    });
    const [roleChange] = await auditOf("user.change_role", result.user.id);
    expect(roleChange.before).toEqual({ role: "infra" });
    expect(roleChange.after).toEqual({ role: "security" });
  });

  it("refuses a user whose groups map to no role, creates nothing, and audits the attempt", async () => {
    const claims = claimsFor(["marketing"]);
    const result = await signInWithClaims({ claims, mapping, ip: null });
    expect(result).toMatchObject({ ok: false, reason: "no-role" });
    expect(await getDb().select().from(users).where(eq(users.email, claims.email))).toHaveLength(0);
    const [refused] = await auditOf("auth.sign_in_failed", claims.email);
    expect(refused.reason).toContain("No role for the groups");
    expect(refused.reason).toContain("marketing");
  });

  it("never takes over a local account with the same email", async () => {
    const local = await makeActor("comms");
    const claims = { ...claimsFor(["sec"]), email: local.label.toUpperCase() };
    const result = await signInWithClaims({ claims, mapping, ip: null });
    expect(result).toMatchObject({ ok: false, reason: "email-taken" });
    const [row] = await getDb().select().from(users).where(eq(users.id, local.id!));
    expect(row).toMatchObject({ source: "local", role: "comms", oidcSubject: null });
  });

  it("refuses a disabled SSO account, and claims without an email", async () => {
    const claims = claimsFor(["ops"]);
    const first = await signInWithClaims({ claims, mapping, ip: null });
    if (!first.ok) throw new Error("first sign-in refused");
    await getDb().update(users).set({ status: "disabled" }).where(eq(users.id, first.user.id));
    expect(await signInWithClaims({ claims, mapping, ip: null })).toMatchObject({ ok: false, reason: "disabled" });
    const { email: _email, ...noEmail } = claimsFor(["ops"]);
    expect(await signInWithClaims({ claims: noEmail, mapping, ip: null })).toMatchObject({
      ok: false,
      reason: "no-identity",
    });
  });
  it("gives an SSO account no password: an admin's reset is refused", async () => {
    const result = await signInWithClaims({ claims: claimsFor(["ops"]), mapping, ip: null });
    if (!result.ok) throw new Error("sign-in refused");
    await expect(resetUserPassword({ actor: admin, input: { userId: result.user.id } })).rejects.toMatchObject({
      code: "conflict",
    });
  });
});

describe("SSO settings", () => {
  it("seals the client secret: not in the settings row, not in the audit log; an empty secret keeps it", async () => {
    const secret = `client-secret-${process.pid}-do-not-leak`;
    const input = {
      issuer: ISSUER,
      clientId: "switchyard",
      clientSecret: secret,
      scopes: "openid email",
      label: "Corp SSO",
    };
    await atEdge(ssoProviderInputSchema, input, (parsed) => saveSsoProvider({ actor: admin, input: parsed }));
    const [row] = await getDb().select().from(settings).where(eq(settings.key, "sso.provider"));
    expect(JSON.stringify(row.value)).not.toContain(secret);
    const entries = await getDb().select().from(auditLog).where(eq(auditLog.action, "sso.provider.update"));
    expect(entries.length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toContain(secret);
    expect((await loadSsoConfig()).provider).toMatchObject({ issuer: ISSUER, clientSecret: secret, label: "Corp SSO" });

    await saveSsoProvider({ actor: admin, input: { ...input, clientSecret: "", clearSecret: false } });
    expect((await loadSsoConfig()).provider?.clientSecret).toBe(secret);
    await saveSsoProvider({ actor: admin, input: { ...input, clientSecret: "", clearSecret: true } });
    expect((await loadSsoConfig()).provider?.clientSecret).toBe("");
  });

  it("validates the mapping at the edge (roles, duplicates, claim name)", async () => {
    await expect(
      atEdge(ssoMappingInputSchema, { claim: "groups", rules: [{ group: "x", role: "root" }] }, (p) =>
        saveSsoMapping({ actor: admin, input: p }),
      ),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      atEdge(
        ssoMappingInputSchema,
        {
          claim: "groups",
          rules: [
            { group: "x", role: "admin" },
            { group: "x", role: "comms" },
          ],
        },
        (p) => saveSsoMapping({ actor: admin, input: p }),
      ),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      atEdge(ssoMappingInputSchema, { claim: "bad claim", rules: [] }, (p) =>
        saveSsoMapping({ actor: admin, input: p }),
      ),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("refuses to save the provider while the environment configures it", async () => {
    process.env.SSO_ISSUER = "https://env-idp.example.test";
    process.env.SSO_CLIENT_ID = "env-client";
    try {
      await expect(
        saveSsoProvider({
          actor: admin,
          input: { issuer: ISSUER, clientId: "x", clientSecret: "", clearSecret: false, scopes: "openid", label: "" },
        }),
      ).rejects.toMatchObject({ code: "conflict" });
      forgetSsoConfig(); // the environment is read at start-up in a real process
      expect((await loadSsoConfig()).source).toBe("environment");
      expect((await loadSsoConfig()).provider).toMatchObject({
        issuer: "https://env-idp.example.test",
        clientId: "env-client",
      });
    } finally {
      delete process.env.SSO_ISSUER;
      delete process.env.SSO_CLIENT_ID;
      forgetSsoConfig();
    }
  });
});

describe("SSO role recheck with the session's refresh token (real provider)", () => {
  let provider: TestOidcProvider;

  beforeAll(async () => {
    provider = await startOidcProvider();
    await saveSsoProvider({
      actor: admin,
      input: {
        issuer: provider.issuer,
        clientId: "switchyard-e2e.client",
        clientSecret: "s3cret",
        clearSecret: false,
        scopes: "openid email profile",
        label: "",
      },
    });
    await saveSsoMapping({ actor: admin, input: mapping });
    await saveSsoRecheck({ actor: admin, input: { minutes: 5 } });
  });
  afterAll(async () => {
    await provider?.stop();
  });

  // An SSO user signed in with a session holding a refresh token for this identity.
  async function signedIn(identity: OidcIdentity) {
    const result = await signInWithClaims({
      claims: {
        iss: provider.issuer,
        sub: identity.sub,
        email: identity.email,
        name: identity.name,
        groups: identity.groups,
      },
      mapping,
      ip: null,
    });
    if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
    const refreshToken = await issueRefreshToken(provider, identity);
    const { id } = await startSession({
      userId: result.user.id,
      method: "oidc",
      ip: null,
      userAgent: "test",
      mfaVerified: false,
      oidcRefreshToken: refreshToken,
    });
    const live = await getDb()
      .select()
      .from(userSessions)
      .where(eq(userSessions.id, id))
      .then(([session]) => ({ user: result.user, session }));
    return live;
  }
  const identity = (groups: string[]): OidcIdentity => {
    n++;
    return { sub: `rc-${n}-${process.pid}`, email: `rc${n}-${process.pid}@corp.test`, name: `RC ${n}`, groups };
  };
  const later = (minutes: number) => new Date(Date.now() + minutes * 60_000);

  it("does nothing before the interval; after it, applies the provider's new role (audited)", async () => {
    const who = identity(["sec"]);
    const live = await signedIn(who);
    expect((await recheckRole(live)).outcome).toBe("not-due");
    expect(provider.counts.refreshes).toBe(0);

    who.groups = ["ops"]; // removed from "sec" at the provider
    const { outcome, live: after } = await recheckRole(live, later(6));
    expect(outcome).toBe("role-changed");
    expect(after?.user.role).toBe("infra");
    const [stored] = await getDb().select().from(users).where(eq(users.id, live.user.id));
    expect(stored.role).toBe("infra");
    const [audit] = await auditOf("user.change_role", live.user.id);
    expect(audit.after).toEqual({ role: "infra" });
    expect(audit.reason).toContain("ops");
    // The session carries the rotated refresh token and the time of the check.
    expect(after?.session.oidcRefreshTokenSealed).not.toBe(live.session.oidcRefreshTokenSealed);
    expect(after?.session.claimsCheckedAt?.getTime()).toBeGreaterThan(Date.now());
  });

  it("revokes the session when the groups no longer map to a role", async () => {
    const who = identity(["ops"]);
    const live = await signedIn(who);
    who.groups = ["marketing"];
    expect((await recheckRole(live, later(6))).outcome).toBe("revoked");
    const [session] = await getDb().select().from(userSessions).where(eq(userSessions.id, live.session.id));
    expect(session.revokedAt).not.toBeNull();
    expect(session.revokeReason).toContain("no role");
    expect(await loadLiveSession({ sid: live.session.id, uid: live.user.id, sv: live.user.sessionVersion })).toBeNull();
  });

  it("revokes the session when the provider refuses the refresh token (invalid_grant)", async () => {
    const live = await signedIn(identity(["ops"]));
    provider.tamper.refresh = "invalid_grant";
    try {
      expect((await recheckRole(live, later(6))).outcome).toBe("revoked");
    } finally {
      provider.tamper.refresh = undefined;
    }
    const [session] = await getDb().select().from(userSessions).where(eq(userSessions.id, live.session.id));
    expect(session.revokeReason).toContain("invalid_grant");
    const revocations = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "session.revoke"), like(auditLog.reason, "%invalid_grant%")));
    expect(revocations.map((r) => r.targetId)).toContain(live.session.id);
  });

  it("keeps the session when the provider is unreachable, and retries after a short delay", async () => {
    const who = identity(["sec"]);
    const live = await signedIn(who);
    provider.tamper.refresh = "unavailable";
    const now = later(6);
    try {
      expect((await recheckRole(live, now)).outcome).toBe("unreachable");
    } finally {
      provider.tamper.refresh = undefined;
    }
    const [session] = await getDb().select().from(userSessions).where(eq(userSessions.id, live.session.id));
    expect(session.revokedAt).toBeNull();
    // Due again RECHECK_RETRY_DELAY_MS after the failure, not a whole interval later.
    const retry = { user: live.user, session };
    expect((await recheckRole(retry, new Date(now.getTime() + RECHECK_RETRY_DELAY_MS - 1000))).outcome).toBe("not-due");
    who.groups = ["readers"];
    const { outcome, live: after } = await recheckRole(retry, new Date(now.getTime() + RECHECK_RETRY_DELAY_MS + 1000));
    expect(outcome).toBe("role-changed");
    expect(after?.user.role).toBe("auditor");
  });

  it("lets only one of concurrent requests refresh (a rotated refresh token is used once)", async () => {
    const who = identity(["sec"]);
    const live = await signedIn(who);
    const before = provider.counts.refreshes;
    const outcomes = await Promise.all([1, 2, 3].map(() => recheckRole(live, later(6))));
    expect(outcomes.map((o) => o.outcome).sort()).toEqual(["not-due", "not-due", "unchanged"]);
    expect(provider.counts.refreshes - before).toBe(1);
  });
});
