// The Overview's deliverability facts: today (UTC) against yesterday from ingested events, relays
// up and on the current policy, engaged switches, top senders, and senders needing attention.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { smtpCredentials } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import type { Actor } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { revokeCredential } from "@/lib/credentials/revoke-credential";
import { dormantCredentials } from "@/lib/deliverability/dormant-credentials";
import { ingestEvents } from "@/lib/events/ingest-events";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { utcDayStart } from "@/lib/overview/deliverability-facts";
import { overviewFacts } from "@/lib/overview/overview-facts";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { recordHeartbeat } from "@/lib/relays/record-heartbeat";
import { registerRelay } from "@/lib/relays/register-relay";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
let admin: Actor;
let relayId: string;
let n = 0;
type Sender = Awaited<ReturnType<typeof makeActiveSender>>;
const s: Record<"busy" | "small" | "warned" | "suspended" | "overdue" | "dormant" | "stopped", Sender> = {} as never;

const now = new Date();
const todayStart = utcDayStart(now);
// Inside today (UTC) and not in the future, whatever time the test runs.
const todayAt = new Date(todayStart.getTime() + Math.floor((now.getTime() - todayStart.getTime()) / 2));
const yesterdayAt = new Date(todayStart.getTime() - 6 * HOUR_MS);
const twoDaysAgo = new Date(todayStart.getTime() - 30 * HOUR_MS);

function ev(type: string, senderId: string | null, at: Date, extra: Record<string, unknown> = {}) {
  n++;
  return {
    id: `ovw-${String(n).padStart(6, "0")}`,
    type,
    at: at.toISOString(),
    senderId,
    recipient: `u${n}@gmail.com`,
    ...extra,
  };
}
const times = <T>(count: number, make: () => T) => Array.from({ length: count }, make);
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);

beforeAll(async () => {
  admin = await makeActor("admin");
  const domain = await makeDomain(admin);
  s.busy = await makeActiveSender(admin, domain.id, { name: "Busy Billing" });
  s.small = await makeActiveSender(admin, domain.id, { name: "Small Alerts" });
  s.warned = await makeActiveSender(admin, domain.id, { name: "Warned Newsletter" });
  s.suspended = await makeActiveSender(admin, domain.id, { name: "Suspended Blaster" });
  s.overdue = await makeActiveSender(admin, domain.id, { name: "Overdue Reports", reviewDate: "2020-01-01" });
  s.dormant = await makeActiveSender(admin, domain.id, { name: "Dormant Payroll" });
  s.stopped = await makeActiveSender(admin, domain.id, { name: "Stopped Sender" });
  // Retired senders are out of use: an old review date does not flag them.
  await makeActiveSender(admin, domain.id, { name: "Retired Thing", reviewDate: "2019-01-01", status: "retired" });

  const up = await registerRelay({ actor: admin, input: { name: "relay-up" } });
  await registerRelay({ actor: admin, input: { name: "relay-never-seen" } });
  relayId = up.relay.id;

  // Credentials: one dormant (issued 40 days ago, never used), one used 45 days ago, one fresh and
  // unused, one used 5 days ago, one revoked long ago.
  const issue = async (senderId: string) => (await issueCredential({ actor: admin, input: { senderId } })).credential;
  const neverUsed = await issue(s.dormant.id);
  const usedLongAgo = await issue(s.dormant.id);
  await getDb()
    .update(smtpCredentials)
    .set({ createdAt: daysAgo(40) })
    .where(eq(smtpCredentials.id, neverUsed.id));
  await getDb()
    .update(smtpCredentials)
    .set({ createdAt: daysAgo(90), lastUsedAt: daysAgo(45) })
    .where(eq(smtpCredentials.id, usedLongAgo.id));
  await issue(s.busy.id);
  const recentlyUsed = await issue(s.small.id);
  await getDb()
    .update(smtpCredentials)
    .set({ createdAt: daysAgo(90), lastUsedAt: daysAgo(5) })
    .where(eq(smtpCredentials.id, recentlyUsed.id));
  const revoked = await issue(s.warned.id);
  await revokeCredential({ actor: admin, input: { credentialId: revoked.id, reason: "not needed" } });
  await getDb()
    .update(smtpCredentials)
    .set({ createdAt: daysAgo(200) })
    .where(eq(smtpCredentials.id, revoked.id));

  await engageKillSwitch({
    actor: admin,
    input: { scope: "sender", targetId: s.stopped.id, reason: "testing the overview" },
  });

  await raiseAlert({
    kind: "reputation",
    severity: "warning",
    subjectType: "sender",
    subjectId: s.warned.id,
    title: "Warned Newsletter: bounce rate 6.0 % ≥ 5.0 %",
    dedupeKey: `reputation:warn:${s.warned.id}`,
  });
  await raiseAlert({
    kind: "reputation",
    severity: "critical",
    subjectType: "sender",
    subjectId: s.suspended.id,
    title: "Suspended Blaster: bounce rate 15.0 % ≥ 10.0 %",
    dedupeKey: `reputation:suspend:${s.suspended.id}`,
  });
  // Another kind of alert about a sender is not a reputation problem.
  await raiseAlert({
    kind: "posture",
    severity: "warning",
    subjectType: "sender",
    subjectId: s.small.id,
    title: "SPF",
    dedupeKey: `posture:${s.small.id}`,
  });

  const events = [
    // Today: busy 20 accepted, 18 delivered, 2 hard bounces, 1 complaint; small 5 accepted and delivered;
    // 4 rejected for failed authentication (no sender).
    ...times(20, () => ev("accepted", s.busy.id, todayAt)),
    ...times(18, () => ev("delivered", s.busy.id, todayAt)),
    ...times(2, () => ev("bounced", s.busy.id, todayAt, { bounceType: "hard" })),
    ev("complained", s.busy.id, todayAt),
    ...times(5, () => ev("accepted", s.small.id, todayAt)),
    ...times(5, () => ev("delivered", s.small.id, todayAt)),
    ...times(4, () => ev("rejected", null, todayAt, { reason: "auth" })),
    // Yesterday: 10 accepted, 9 delivered, 1 soft bounce.
    ...times(10, () => ev("accepted", s.busy.id, yesterdayAt)),
    ...times(9, () => ev("delivered", s.busy.id, yesterdayAt)),
    ev("bounced", s.busy.id, yesterdayAt, { bounceType: "soft" }),
    // The day before: counted nowhere.
    ...times(7, () => ev("accepted", s.small.id, twoDaysAgo)),
    ...times(7, () => ev("delivered", s.small.id, twoDaysAgo)),
  ];
  expect((await ingestEvents({ relayId, input: { events: await asRelayed(relayId, events) } })).accepted).toBe(
    events.length,
  );
  // The relay that is up applies the current version (after the switch, and the suppressions the
  // bounces and complaints above added, bumped it).
  await recordHeartbeat({
    relayId,
    ip: "127.0.0.1",
    input: {
      softwareVersion: "test",
      policyVersion: await currentPolicyVersion(),
      policyAppliedAt: new Date().toISOString(),
      queueDepth: 0,
      spoolDepth: 0,
      warnings: [],
      scanners: [],
    },
  });
});

describe("overview facts", () => {
  it("compares today (UTC) with the whole of yesterday", async () => {
    const { deliverability: d } = await overviewFacts();
    expect(d.day).toEqual({
      today: todayStart.toISOString().slice(0, 10),
      todayStart: todayStart.toISOString(),
      yesterdayStart: new Date(todayStart.getTime() - DAY_MS).toISOString(),
    });
    expect(d.today).toMatchObject({ accepted: 25, delivered: 23, bounced: 2, complained: 1, rejected: 4 });
    expect(d.today.deliveryRate).toBeCloseTo(23 / 25, 10);
    expect(d.today.bounceRate).toBeCloseTo(2 / 25, 10);
    expect(d.today.complaintRate).toBeCloseTo(1 / 23, 10);
    expect(d.yesterday).toMatchObject({
      accepted: 10,
      delivered: 9,
      bounced: 1,
      complained: 0,
      rejected: 0,
      deliveryRate: 0.9,
      bounceRate: 0.1,
      complaintRate: 0,
    });
  });

  it("lists the top senders today by messages accepted, without unauthenticated mail", async () => {
    const { deliverability: d } = await overviewFacts();
    expect(d.topSenders.map((r) => [r.label, r.accepted])).toEqual([
      ["Busy Billing", 20],
      ["Small Alerts", 5],
    ]);
  });

  it("counts relays up and on the current version, and engaged kill switches", async () => {
    const facts = await overviewFacts();
    expect(facts.deliverability.relays).toEqual({
      total: 2,
      up: 1,
      onCurrentVersion: 1,
      currentVersion: facts.policyVersion,
    });
    expect(facts.deliverability.killSwitches).toEqual({ engaged: 1, global: false });
  });

  it("names the senders needing attention, worst first, each with its reasons", async () => {
    const { attention } = (await overviewFacts()).deliverability;
    expect(attention.senders.map((x) => [x.senderName, x.reasons.map((r) => r.kind)])).toEqual([
      ["Suspended Blaster", ["reputation_suspend"]],
      ["Warned Newsletter", ["reputation_warn"]],
      ["Overdue Reports", ["review_overdue"]],
      ["Dormant Payroll", ["dormant_credential", "dormant_credential"]],
    ]);
    expect(attention.total).toBe(4);
    expect(attention.counts).toEqual({
      reputationSuspend: 1,
      reputationWarn: 1,
      reviewOverdue: 1,
      dormantCredentials: 2,
    });
    const dormant = attention.senders[3].reasons.map((r) => r.text);
    expect(dormant).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/ last used on \d{4}-\d{2}-\d{2}: dormant for over 30 days$/),
        expect.stringMatching(/ never used \(issued on \d{4}-\d{2}-\d{2}\): dormant for over 30 days$/),
      ]),
    );
    expect(attention.senders[2].reasons[0].text).toBe("Review was due on 2020-01-01");
  });

  it("finds dormant credentials by last use, or by issue date when never used", async () => {
    const { rows, total } = await dormantCredentials();
    expect(total).toBe(2);
    expect(new Set(rows.map((r) => r.senderId))).toEqual(new Set([s.dormant.id]));
    // 26 days from now, the one last used 5 days ago is dormant too; the one issued today is not yet.
    const later = await dormantCredentials({ now: new Date(Date.now() + 26 * DAY_MS) });
    expect(later.total).toBe(3);
    expect(later.rows.map((r) => r.senderId).sort()).toEqual([s.dormant.id, s.dormant.id, s.small.id].sort());
  });
});
