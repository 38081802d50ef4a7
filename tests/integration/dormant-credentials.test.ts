// Dormant credentials: warned (alert naming the owner + audit entry) a week before, then disabled
// (revoked by "system (dormancy)" with the reason) — with a fake clock.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { alerts, auditLog, smtpCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { disableDormantCredentials } from "@/lib/credentials/disable-dormant-credentials";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

const DAY_MS = 24 * 60 * 60 * 1000;
let admin: Actor;

beforeAll(async () => {
  admin = await makeActor("admin");
});

async function credential(
  { createdDaysAgo, lastUsedDaysAgo }: { createdDaysAgo: number; lastUsedDaysAgo?: number },
  now: Date,
) {
  const sender = await makeActiveSender(admin, (await makeDomain(admin)).id, { contactEmail: "owner@example.com" });
  const { credential } = await issueCredential({ actor: admin, input: { senderId: sender.id, expiresInDays: 365 } });
  await getDb()
    .update(smtpCredentials)
    .set({
      // The fake clock is years ahead: no expiry, so only dormancy decides.
      expiresAt: null,
      createdAt: new Date(now.getTime() - createdDaysAgo * DAY_MS),
      lastUsedAt: lastUsedDaysAgo === undefined ? null : new Date(now.getTime() - lastUsedDaysAgo * DAY_MS),
      lastUsedFrom: lastUsedDaysAgo === undefined ? null : "10.0.0.1",
    })
    .where(eq(smtpCredentials.id, credential.id));
  return { id: credential.id, username: credential.username, senderName: sender.name };
}

const statusOf = async (id: string) =>
  (await getDb().select().from(smtpCredentials).where(eq(smtpCredentials.id, id)))[0];
const auditOf = (id: string, action: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, id), eq(auditLog.action, action)));
const daysLater = (now: Date, days: number) => new Date(now.getTime() + days * DAY_MS);

describe("dormant credentials", () => {
  it("warns the owner 7 days before 90 days unused, then disables with the reason; audited", async () => {
    const now = new Date("2030-03-01T12:00:00Z");
    const c = await credential({ createdDaysAgo: 200, lastUsedDaysAgo: 82 }, now);
    // 82 days: nothing yet.
    expect((await disableDormantCredentials({ now })).warned.map((w) => w.credentialId)).not.toContain(c.id);
    // 83 days: the warning, for the day it reaches 90.
    const run = await disableDormantCredentials({ now: daysLater(now, 1) });
    const warning = run.warned.find((w) => w.credentialId === c.id);
    expect(warning?.disableAt.toISOString()).toBe(new Date(now.getTime() + 8 * DAY_MS).toISOString());
    const [alert] = await getDb().select().from(alerts).where(eq(alerts.subjectId, c.id));
    expect(alert.title).toContain(`credential ${c.username} is unused for 83 days`);
    expect(alert.title).toContain("Owner: owner@example.com");
    const [warned] = await auditOf(c.id, "credential.dormancy_warning");
    expect(warned.actorLabel).toBe("system (dormancy)");
    // The owner is mailed when notification mail is on; here it is off, and the entry says so.
    const [mail] = await auditOf(c.id, "credential.dormancy_warning_mail");
    expect(mail.reason).toBe("owner owner@example.com: not mailed: notification mail is off");
    // Run again: no second warning, not disabled before day 90.
    expect(
      (await disableDormantCredentials({ now: daysLater(now, 5) })).warned.map((w) => w.credentialId),
    ).not.toContain(c.id);
    expect(await auditOf(c.id, "credential.dormancy_warning")).toHaveLength(1);
    expect((await statusOf(c.id)).status).toBe("active");
    // Day 90: disabled.
    const later = await disableDormantCredentials({ now: daysLater(now, 8) });
    expect(later.disabled.map((d) => d.credentialId)).toContain(c.id);
    const row = await statusOf(c.id);
    expect(row.status).toBe("revoked");
    expect(row.revokeReason).toMatch(
      /^Dormant: unused for 90 days \(last used .*\); the owner \(owner@example.com\) was warned/,
    );
    const [revoked] = await auditOf(c.id, "credential.revoke");
    expect(revoked.actorLabel).toBe("system (dormancy)");
    // Idempotent.
    expect(
      (await disableDormantCredentials({ now: daysLater(now, 9) })).disabled.map((d) => d.credentialId),
    ).not.toContain(c.id);
  });

  it("a credential never used is disabled 30 days after issue, warned at 23", async () => {
    const now = new Date("2030-04-01T12:00:00Z");
    const c = await credential({ createdDaysAgo: 22 }, now);
    expect((await disableDormantCredentials({ now })).warned.map((w) => w.credentialId)).not.toContain(c.id);
    expect((await disableDormantCredentials({ now: daysLater(now, 1) })).warned.map((w) => w.credentialId)).toContain(
      c.id,
    );
    await disableDormantCredentials({ now: daysLater(now, 7.9) });
    expect((await statusOf(c.id)).status).toBe("active");
    await disableDormantCredentials({ now: daysLater(now, 8) });
    const row = await statusOf(c.id);
    expect(row.status).toBe("revoked");
    expect(row.revokeReason).toContain("never used in the 30 days since it was issued");
  });

  it("one found long dormant is warned now and disabled a week later, not at once", async () => {
    const now = new Date("2030-05-01T12:00:00Z");
    const c = await credential({ createdDaysAgo: 400, lastUsedDaysAgo: 300 }, now);
    const run = await disableDormantCredentials({ now });
    expect(run.warned.map((w) => w.credentialId)).toContain(c.id);
    expect(run.disabled.map((d) => d.credentialId)).not.toContain(c.id);
    await disableDormantCredentials({ now: daysLater(now, 6) });
    expect((await statusOf(c.id)).status).toBe("active");
    await disableDormantCredentials({ now: daysLater(now, 7) });
    expect((await statusOf(c.id)).status).toBe("revoked");
  });

  it("a use after the warning makes it stale: not disabled, the clock starts again", async () => {
    const now = new Date("2030-06-01T12:00:00Z");
    const c = await credential({ createdDaysAgo: 200, lastUsedDaysAgo: 85 }, now);
    expect((await disableDormantCredentials({ now })).warned.map((w) => w.credentialId)).toContain(c.id);
    await getDb()
      .update(smtpCredentials)
      .set({ lastUsedAt: daysLater(now, 2) })
      .where(eq(smtpCredentials.id, c.id));
    await disableDormantCredentials({ now: daysLater(now, 10) });
    expect((await statusOf(c.id)).status).toBe("active");
  });

  it("0 turns a rule off", async () => {
    const now = new Date("2030-07-01T12:00:00Z");
    const c = await credential({ createdDaysAgo: 500, lastUsedDaysAgo: 400 }, now);
    await setSetting({ actor: admin, key: "credentials.dormantDisableDays", value: 0 });
    try {
      const run = await disableDormantCredentials({ now });
      expect(run.warned.map((w) => w.credentialId)).not.toContain(c.id);
    } finally {
      await setSetting({ actor: admin, key: "credentials.dormantDisableDays", value: 90 });
    }
  });
});
