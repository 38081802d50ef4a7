// Threshold crossing → alert → automatic suspension (sender kill switch by "system") → in the
// snapshot relays enforce. Also: minimum volume, warnings, per-sender override.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { alerts, auditLog, senderThresholds } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { ingestEvents } from "@/lib/events/ingest-events";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { buildPolicySnapshot } from "@/lib/policy/build-snapshot";
import { registerRelay } from "@/lib/relays/register-relay";
import { reputationChecksSettled } from "@/lib/reputation/evaluate-after-ingest";
import { senderReputation } from "@/lib/reputation/sender-reputation";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

let admin: Actor;
let relayId: string;
let n = 0;

beforeAll(async () => {
  admin = await makeActor("admin");
  relayId = (await registerRelay({ actor: admin, input: { name: `relay-rep-${Date.now()}` } })).relay.id;
});

function events(senderId: string, delivered: number, hardBounces: number, complaints = 0) {
  const at = new Date().toISOString();
  const make = (type: string, extra: Record<string, unknown> = {}) => ({
    id: `rep-${++n}-${senderId.slice(0, 8)}`,
    type,
    at,
    senderId,
    recipient: `u${n}@gmail.com`,
    ...extra,
  });
  return [
    ...Array.from({ length: delivered }, () => make("delivered")),
    ...Array.from({ length: hardBounces }, () =>
      make("bounced", { bounceType: "hard", smtpCode: 550, enhancedCode: "5.1.1" }),
    ),
    ...Array.from({ length: complaints }, () => make("complained")),
  ];
}

// Reputation is judged after the ingest answer, off the request: wait for it.
async function ingestAndJudge(batch: { relayId: string; input: { events: ReturnType<typeof events> } }) {
  await ingestEvents({ relayId: batch.relayId, input: { events: await asRelayed(batch.relayId, batch.input.events) } });
  await reputationChecksSettled();
}

// Batches are at most 1,000 events.
async function ingest(all: ReturnType<typeof events>) {
  for (let i = 0; i < all.length; i += 500) await ingestAndJudge({ relayId, input: { events: all.slice(i, i + 500) } });
}

describe("sender reputation", () => {
  it("does not judge below the minimum volume", async () => {
    const sender = await makeActiveSender(admin, (await makeDomain(admin)).id);
    await ingestAndJudge({ relayId, input: { events: events(sender.id, 40, 40) } });
    expect((await senderReputation(sender.id)).level).toBe("insufficient_volume");
    expect(await engagedKillSwitchFor("sender", sender.id)).toBeNull();
  });

  it("warns at 5 % bounces without suspending", async () => {
    const sender = await makeActiveSender(admin, (await makeDomain(admin)).id);
    await ingestAndJudge({ relayId, input: { events: events(sender.id, 188, 12) } });
    const reputation = await senderReputation(sender.id);
    expect(reputation).toMatchObject({ level: "warn", attempts: 200, hardBounces: 12 });
    expect(reputation.bounceRatePct).toBeCloseTo(6, 5);
    const [alert] = await getDb().select().from(alerts).where(eq(alerts.subjectId, sender.id));
    expect(alert).toMatchObject({ kind: "reputation", severity: "warning" });
    expect(await engagedKillSwitchFor("sender", sender.id)).toBeNull();
  });

  it("crossing 10 % bounces raises a critical alert and engages the sender kill switch as system, enforced in the snapshot", async () => {
    const sender = await makeActiveSender(admin, (await makeDomain(admin)).id, { name: "Marketing Blaster" });
    await ingestAndJudge({ relayId, input: { events: events(sender.id, 170, 30) } });
    const engaged = await engagedKillSwitchFor("sender", sender.id);
    expect(engaged).not.toBeNull();
    expect(engaged!.engagedByLabel).toBe("system (reputation)");
    expect(engaged!.reason).toMatch(
      /^Auto-suspended: bounce rate 15\.0 % ≥ 10\.0 % \(suspension threshold\) over 24 h \(200 attempts\)/,
    );
    const critical = await getDb()
      .select()
      .from(alerts)
      .where(and(eq(alerts.subjectId, sender.id), eq(alerts.severity, "critical")));
    expect(critical).toHaveLength(1);
    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "kill_switch.engage"), eq(auditLog.targetId, sender.id)));
    expect(audit.actorLabel).toBe("system (reputation)");
    expect((await buildPolicySnapshot()).killSwitches).toContainEqual(
      expect.objectContaining({ scope: "sender", target: sender.id }),
    );
    // More bad events: still one open critical alert, one switch.
    await ingestAndJudge({ relayId, input: { events: events(sender.id, 0, 10) } });
    expect(
      await getDb()
        .select()
        .from(alerts)
        .where(and(eq(alerts.subjectId, sender.id), eq(alerts.severity, "critical"))),
    ).toHaveLength(1);
  });

  it("suspends on complaints above 0.5 %, and a per-sender override can turn auto-suspend off", async () => {
    const noisy = await makeActiveSender(admin, (await makeDomain(admin)).id);
    await ingest(events(noisy.id, 1000, 0, 6));
    expect(await engagedKillSwitchFor("sender", noisy.id)).not.toBeNull();

    const trusted = await makeActiveSender(admin, (await makeDomain(admin)).id);
    await getDb().insert(senderThresholds).values({ senderId: trusted.id, autoSuspend: false });
    await ingest(events(trusted.id, 1000, 0, 6));
    expect((await senderReputation(trusted.id)).level).toBe("suspend");
    expect(await engagedKillSwitchFor("sender", trusted.id)).toBeNull();
    const [alert] = await getDb().select().from(alerts).where(eq(alerts.subjectId, trusted.id));
    expect(alert.severity).toBe("critical");
  });
});
