// Misuse detection on the real database: events ingested as a relay posts them, the four rules,
// explainable alerts, the per-sender reaction (alert only / auto-suspend by "system (detector)"),
// idempotence, and a simulated week of normal traffic judged hour by hour.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { alerts, killSwitches, misuseDetections, smtpCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { ingestEvents } from "@/lib/events/ingest-events";
import { applyRollups } from "@/lib/events/rollup";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { DAY_MS, HOUR_MS } from "@/lib/misuse/baseline";
import { checkVolume } from "@/lib/misuse/detect-volume";
import { sendersDetectedThisHour } from "@/lib/misuse/detected-this-hour";
import { misuseChecksSettled } from "@/lib/misuse/evaluate-after-ingest";
import { evaluateMisuse } from "@/lib/misuse/evaluate-misuse";
import { inputsOf } from "@/lib/misuse/misuse-inputs";
import { misuseReactionsFor, setMisuseReaction } from "@/lib/misuse/misuse-reactions";
import { registerRelay } from "@/lib/relays/register-relay";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { hourlyTraffic } from "../support/weekly-traffic";

let admin: Actor;
let relayId: string;
let n = 0;

beforeAll(async () => {
  admin = await makeActor("admin");
  relayId = (await registerRelay({ actor: admin, input: { name: `relay-misuse-${Date.now()}` } })).relay.id;
});

async function senderWithCredential(name: string, credentialAgeMs = 0) {
  const sender = await makeActiveSender(admin, (await makeDomain(admin)).id, { name });
  const { credential } = await issueCredential({ actor: admin, input: { senderId: sender.id, expiresInDays: 90 } });
  if (credentialAgeMs) {
    await getDb()
      .update(smtpCredentials)
      .set({ createdAt: new Date(Date.now() - credentialAgeMs) })
      .where(eq(smtpCredentials.id, credential.id));
  }
  return { sender, credential };
}

type Ev = Record<string, unknown>;
const accepted = (s: { sender: { id: string }; credential: { id: string; username: string } }, ip: string): Ev => ({
  id: `mis-${++n}-${Date.now()}`,
  type: "accepted",
  at: new Date().toISOString(),
  senderId: s.sender.id,
  credentialId: s.credential.id,
  username: s.credential.username,
  clientIp: ip,
  from: "billing@example.com",
  recipient: `u${n}@gmail.com`,
});

async function ingest(events: Ev[]) {
  for (let i = 0; i < events.length; i += 500) {
    await ingestEvents({ relayId, input: { events: events.slice(i, i + 500) } });
  }
  await misuseChecksSettled();
}

// History as the rollups keep it: `perHour` accepted messages in each hour of the last `days`
// days before the current and previous hour.
async function history(senderId: string, perHour: number, days = 7) {
  const h = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const rows = [];
  for (let t = h - days * DAY_MS; t < h - HOUR_MS; t += HOUR_MS) {
    rows.push({
      atMs: t,
      type: "accepted" as const,
      senderId,
      reason: null,
      fromAddress: null,
      recipientDomain: null,
      count: perHour,
    });
  }
  await applyRollups(getDb(), rows);
}

const alertsOf = (senderId: string) =>
  getDb()
    .select()
    .from(alerts)
    .where(and(eq(alerts.subjectId, senderId), eq(alerts.kind, "misuse")));

describe("volume spike", () => {
  it("alerts with the value and the learned baseline, alert only by default", async () => {
    const s = await senderWithCredential("Invoices spike");
    await history(s.sender.id, 10);
    await ingest(Array.from({ length: 200 }, () => accepted(s, "10.1.2.3")));
    const [alert] = await alertsOf(s.sender.id);
    expect(alert.title).toBe("Invoices spike: 200 messages in the last hour, usual 10/h (×20)");
    expect(alert.severity).toBe("warning");
    expect(alert.detail).toMatchObject({ rule: "volume_spike", value: 200, reaction: "alert" });
    expect(await engagedKillSwitchFor("sender", s.sender.id)).toBeNull();
  });

  it("with auto-suspend, engages the sender kill switch as system (detector) with the figures, once", async () => {
    const s = await senderWithCredential("Invoices suspend");
    await setMisuseReaction({
      actor: admin,
      input: { senderId: s.sender.id, rule: "volume_spike", reaction: "suspend" },
    });
    expect((await misuseReactionsFor(s.sender.id)).volume_spike).toBe("suspend");
    await history(s.sender.id, 10);
    await ingest(Array.from({ length: 120 }, () => accepted(s, "10.1.2.3")));
    const engaged = await engagedKillSwitchFor("sender", s.sender.id);
    expect(engaged?.engagedByLabel).toBe("system (detector)");
    expect(engaged?.reason).toContain("120 messages in the last hour, usual 10/h (×12)");
    // More of the spike in the same hour: no second alert, no second engagement.
    await ingest(Array.from({ length: 100 }, () => accepted(s, "10.1.2.3")));
    const switches = await getDb().select().from(killSwitches).where(eq(killSwitches.targetId, s.sender.id));
    expect(switches).toHaveLength(1);
    const raised = await alertsOf(s.sender.id);
    expect(raised).toHaveLength(1);
    expect(raised[0].severity).toBe("critical");
    expect(raised[0].title).toMatch(/sender kill switch engaged automatically$/);
  });

  it("judges nothing before a day of history, nor below the floor", async () => {
    const young = await senderWithCredential("Young sender");
    await ingest(Array.from({ length: 300 }, () => accepted(young, "10.1.2.3")));
    const small = await senderWithCredential("Small sender");
    await history(small.sender.id, 1);
    await ingest(Array.from({ length: 40 }, () => accepted(small, "10.1.2.3")));
    expect(await alertsOf(young.sender.id)).toHaveLength(0);
    expect(await alertsOf(small.sender.id)).toHaveLength(0);
  });
});

describe("new source network", () => {
  it("learns a credential's networks, then reports a network never seen, and suspends the credential", async () => {
    const s = await senderWithCredential("Receipts", 2 * DAY_MS);
    await setMisuseReaction({
      actor: admin,
      input: { senderId: s.sender.id, rule: "new_source", reaction: "suspend" },
    });
    await ingest(Array.from({ length: 25 }, (_, i) => accepted(s, `10.9.8.${i + 1}`)));
    expect(await alertsOf(s.sender.id)).toHaveLength(0);
    // Same /24: not new.
    await ingest([accepted(s, "10.9.8.200")]);
    expect(await alertsOf(s.sender.id)).toHaveLength(0);
    await ingest([accepted(s, "198.51.100.7"), accepted(s, "198.51.100.8")]);
    const [alert] = await alertsOf(s.sender.id);
    expect(alert.title).toContain(
      `credential ${s.credential.username} used from a new network 198.51.100.0/24 (2 messages)`,
    );
    expect(alert.title).toContain("10.9.8.0/24 (26)");
    const engaged = await engagedKillSwitchFor("credential", s.credential.id);
    expect(engaged?.engagedByLabel).toBe("system (detector)");
    expect(await engagedKillSwitchFor("sender", s.sender.id)).toBeNull();
    // Learned now: the same network again is not new.
    await ingest([accepted(s, "198.51.100.9")]);
    expect(await alertsOf(s.sender.id)).toHaveLength(1);
  });

  it("does not judge a credential still learning (younger than a day)", async () => {
    const s = await senderWithCredential("Fresh credential");
    await ingest(Array.from({ length: 25 }, () => accepted(s, "10.7.7.7")));
    await ingest([accepted(s, "192.0.2.44")]);
    expect(await alertsOf(s.sender.id)).toHaveLength(0);
  });
});

describe("bursts", () => {
  const refusal = (
    s: { sender: { id: string }; credential: { id: string; username: string } },
    reason: string,
    extra: Ev = {},
  ): Ev => ({
    id: `mis-${++n}-${Date.now()}`,
    type: "rejected",
    at: new Date().toISOString(),
    senderId: s.sender.id,
    credentialId: s.credential.id,
    username: s.credential.username,
    clientIp: "203.0.113.50",
    reason,
    smtpCode: 535,
    ...extra,
  });

  it("20 AUTH failures for one username in 5 minutes (one of them aggregated) alert and suspend the credential", async () => {
    const s = await senderWithCredential("Statements");
    await setMisuseReaction({
      actor: admin,
      input: { senderId: s.sender.id, rule: "auth_failures", reaction: "suspend" },
    });
    await ingest([refusal(s, "auth")]);
    expect(await alertsOf(s.sender.id)).toHaveLength(0);
    // The relay's aggregate for the rest of the minute: one event standing for 19 attempts.
    await ingest([refusal(s, "auth", { count: 19 })]);
    const [alert] = await alertsOf(s.sender.id);
    expect(alert.title).toBe(
      `Statements: 20 failed AUTH attempts for username ${s.credential.username} in 5 min, usual 0 per 5 min (threshold 20) — credential kill switch engaged automatically`,
    );
    expect((await engagedKillSwitchFor("credential", s.credential.id))?.engagedByLabel).toBe("system (detector)");
  });

  it("20 rejected From addresses in 5 minutes alert (alert only: no switch); 19 do not", async () => {
    const quiet = await senderWithCredential("Quiet From");
    await ingest(
      Array.from({ length: 19 }, () => refusal(quiet, "domain", { from: "ceo@bank.example", smtpCode: 550 })),
    );
    expect(await alertsOf(quiet.sender.id)).toHaveLength(0);
    const s = await senderWithCredential("Spoofer");
    await ingest(Array.from({ length: 20 }, () => refusal(s, "domain", { from: "ceo@bank.example", smtpCode: 550 })));
    const [alert] = await alertsOf(s.sender.id);
    expect(alert.title).toBe(
      "Spoofer: 20 messages refused for a From address not allowed in 5 min, usual 0 per 5 min (threshold 20); e.g. ceo@bank.example",
    );
    expect(await engagedKillSwitchFor("sender", s.sender.id)).toBeNull();
  });

  it("a detection is claimed once per hour however often it is evaluated", async () => {
    const s = await senderWithCredential("Twice");
    await ingest(Array.from({ length: 25 }, () => refusal(s, "domain", { from: "x@evil.example", smtpCode: 550 })));
    const inputs = inputsOf([{ type: "rejected", at: new Date(), senderId: s.sender.id, reason: "domain" }]);
    expect(await evaluateMisuse({ inputs })).toHaveLength(0);
    const rows = await getDb().select().from(misuseDetections).where(eq(misuseDetections.senderId, s.sender.id));
    expect(rows).toHaveLength(1);
  });

  it("a sender detected this hour is known as such (its raw-event burst query is skipped), until the hour turns", async () => {
    const s = await senderWithCredential("Detected");
    const other = await senderWithCredential("Not detected");
    await ingest(Array.from({ length: 20 }, () => refusal(s, "domain", { from: "x@evil.example", smtpCode: 550 })));
    const ask = (rule: "rejected_from" | "volume_spike", now: Date) =>
      sendersDetectedThisHour({ rule, subject: "", senderIds: [s.sender.id, other.sender.id], now });
    expect([...(await ask("rejected_from", new Date()))]).toEqual([s.sender.id]);
    expect((await ask("volume_spike", new Date())).size).toBe(0);
    expect((await ask("rejected_from", new Date(Date.now() + HOUR_MS))).size).toBe(0);
  });
});

describe("a simulated week of normal traffic through the database", () => {
  it("raises no alert when judged hour by hour (false-positive rate 0)", async () => {
    const start = Math.floor(Date.now() / DAY_MS) * DAY_MS - 14 * DAY_MS;
    const senders = await Promise.all([senderWithCredential("Week A"), senderWithCredential("Week B")]);
    for (const [i, s] of senders.entries()) {
      const traffic = hourlyTraffic({ startMs: start, hours: 14 * 24, peakPerHour: [120, 900][i], seed: 7 + i });
      // Each hour's messages in three minute buckets (:05, :25, :45), as the rollups would hold them.
      await applyRollups(
        getDb(),
        traffic
          .flatMap((t) =>
            [5, 25, 45].map((m, k) => ({
              atMs: t.start + m * 60_000,
              type: "accepted" as const,
              senderId: s.sender.id,
              reason: null,
              fromAddress: null,
              recipientDomain: null,
              count: Math.floor(t.count / 3) + (k < t.count % 3 ? 1 : 0),
            })),
          )
          .filter((r) => r.count > 0),
      );
    }
    let judged = 0;
    let detections = 0;
    // Hours whose volume reached the floor, so their history was read and judged.
    let compared = 0;
    for (let hour = 7 * 24; hour < 14 * 24; hour++) {
      const now = new Date(start + hour * HOUR_MS + 30 * 60_000);
      const result = await checkVolume({ senderIds: senders.map((s) => s.sender.id), now });
      judged += senders.length;
      detections += result.detections.length;
      compared += result.checks.length;
    }
    console.log(
      `[misuse] database week: ${detections} detections in ${judged} sender-hours (${compared} above the floor)`,
    );
    expect(judged).toBe(336);
    expect(compared).toBeGreaterThan(100);
    expect(detections).toBe(0);
  });
});
