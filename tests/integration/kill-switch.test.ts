import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, killSwitches } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { describeKillSwitchImpact } from "@/lib/kill-switch/describe-impact";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { engagedKillSwitchFor, listEngagedKillSwitches } from "@/lib/kill-switch/list-kill-switches";
import { releaseExpiredKillSwitches } from "@/lib/kill-switch/release-expired";
import { releaseKillSwitch } from "@/lib/kill-switch/release-kill-switch";
import { buildPolicySnapshot } from "@/lib/policy/build-snapshot";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { engageKillSwitchSchema } from "@/lib/validations/kill-switch";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

let security: Actor;
let infra: Actor;

beforeAll(async () => {
  security = await makeActor("security");
  infra = await makeActor("infra");
});

describe("kill switch", () => {
  it("engages at sender scope: audited, version bumped, in the snapshot; release undoes it", async () => {
    const domain = await makeDomain(security);
    const sender = await makeActiveSender(security, domain.id, { name: "Salesforce Prod" });
    await issueCredential({ actor: infra, input: { senderId: sender.id } });
    const before = await currentPolicyVersion();
    const impact = await describeKillSwitchImpact({ input: { scope: "sender", targetId: sender.id } });
    expect(impact.summary).toBe("Salesforce Prod — 1 credential, 0 messages in the last hour");

    const { killSwitch, policyVersion } = await engageKillSwitch({
      actor: security,
      input: { scope: "sender", targetId: sender.id, reason: "credential leaked" },
    });
    expect(policyVersion).toBe(before + 1);
    expect(killSwitch).toMatchObject({
      scope: "sender",
      targetId: sender.id,
      targetLabel: "Salesforce Prod",
      engagedBy: security.id,
    });
    const snapshot = await buildPolicySnapshot();
    expect(snapshot.version).toBe(policyVersion);
    expect(snapshot.killSwitches).toContainEqual(
      expect.objectContaining({ scope: "sender", target: sender.id, reason: "credential leaked" }),
    );
    const [entry] = await getDb().select().from(auditLog).where(eq(auditLog.action, "kill_switch.engage"));
    expect(entry).toMatchObject({ actorId: security.id, reason: "credential leaked", targetId: sender.id });

    await expect(
      engageKillSwitch({ actor: security, input: { scope: "sender", targetId: sender.id, reason: "again" } }),
    ).rejects.toMatchObject({ code: "conflict" });

    const released = await releaseKillSwitch({
      actor: security,
      input: { killSwitchId: killSwitch.id, reason: "rotated" },
    });
    expect(released.policyVersion).toBe(policyVersion + 1);
    expect(await engagedKillSwitchFor("sender", sender.id)).toBeNull();
    expect((await buildPolicySnapshot()).killSwitches).toEqual([]);
    await expect(
      releaseKillSwitch({ actor: security, input: { killSwitchId: killSwitch.id, reason: "twice" } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("names domain switches by domain name in the snapshot, and global has no target", async () => {
    const domain = await makeDomain(security, "bücher-shop.example");
    const { killSwitch } = await engageKillSwitch({
      actor: security,
      input: { scope: "domain", targetId: domain.id, reason: "spoofing wave" },
    });
    const global = await engageKillSwitch({ actor: security, input: { scope: "global", reason: "incident 42" } });
    const snapshot = await buildPolicySnapshot();
    expect(snapshot.killSwitches).toContainEqual(
      expect.objectContaining({ scope: "domain", target: "xn--bcher-shop-9db.example" }),
    );
    expect(snapshot.killSwitches).toContainEqual(expect.objectContaining({ scope: "global", target: null }));
    await releaseKillSwitch({ actor: security, input: { killSwitchId: killSwitch.id, reason: "all clear" } });
    await releaseKillSwitch({ actor: security, input: { killSwitchId: global.killSwitch.id, reason: "all clear" } });
  });

  it("refuses bad input with named fields", async () => {
    // Parsed as the action and the API parse it; an unknown target is the domain function's refusal.
    const engageRaw = (input: unknown) =>
      atEdge(engageKillSwitchSchema, input, (parsed) => engageKillSwitch({ actor: security, input: parsed }));
    await expect(engageRaw({ scope: "sender", reason: "x" })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { targetId: expect.any(Array), reason: expect.any(Array) },
    });
    await expect(engageRaw({ scope: "planet", reason: "because" })).rejects.toMatchObject({
      fieldErrors: { scope: expect.any(Array) },
    });
    await expect(
      engageRaw({ scope: "sender", targetId: "00000000-0000-4000-8000-000000000000", reason: "because" }),
    ).rejects.toMatchObject({
      fieldErrors: { targetId: ["No such sender"] },
    });
  });

  it("releases switches past their expiry, as the system, with a version bump", async () => {
    const domain = await makeDomain(security);
    const sender = await makeActiveSender(security, domain.id);
    const { killSwitch } = await engageKillSwitch({
      actor: security,
      input: { scope: "sender", targetId: sender.id, reason: "for a while", expiresInMinutes: 60 },
    });
    expect(await releaseExpiredKillSwitches()).toBe(0);
    await getDb()
      .update(killSwitches)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(killSwitches.id, killSwitch.id));
    expect((await listEngagedKillSwitches()).map((k) => k.id)).not.toContain(killSwitch.id);
    const version = await currentPolicyVersion();
    expect(await releaseExpiredKillSwitches()).toBe(1);
    expect(await currentPolicyVersion()).toBe(version + 1);
    const [row] = await getDb().select().from(killSwitches).where(eq(killSwitches.id, killSwitch.id));
    expect(row.releasedByLabel).toBe("system (expired)");
    // The target can be stopped again right away.
    await engageKillSwitch({ actor: security, input: { scope: "sender", targetId: sender.id, reason: "again" } });
  });
});
