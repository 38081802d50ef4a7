// Quarantine on the control plane: relays report held messages (idempotent), people list and
// filter them, a release takes two different people, approved releases and deletions reach the
// holding relay as commands in the policy snapshot until it reports them settled, retention
// expires old ones, and every decision is audited.
import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, quarantinedMessages } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { buildPolicySnapshot } from "@/lib/policy/build-snapshot";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { approveRelease } from "@/lib/quarantine/approve-release";
import { deleteQuarantined } from "@/lib/quarantine/delete-quarantined";
import { expireQuarantined } from "@/lib/quarantine/expire-quarantined";
import { getQuarantined } from "@/lib/quarantine/get-quarantined";
import { countOpenQuarantine, listQuarantine } from "@/lib/quarantine/list-quarantine";
import { pendingQuarantineCommands } from "@/lib/quarantine/pending-commands";
import { rejectRelease } from "@/lib/quarantine/reject-release";
import { reportQuarantined } from "@/lib/quarantine/report-quarantined";
import { requestRelease } from "@/lib/quarantine/request-release";
import { settleQuarantined } from "@/lib/quarantine/settle-quarantined";
import { quarantineReportSchema, quarantineSettledSchema } from "@/lib/relay-contract/schemas";
import { registerRelay } from "@/lib/relays/register-relay";
import { metrics } from "@/lib/server/metrics/registry";
import { setSetting } from "@/lib/settings/settings";
import {
  approveReleaseSchema,
  deleteQuarantinedSchema,
  listQuarantineSchema,
  rejectReleaseSchema,
  requestReleaseSchema,
} from "@/lib/validations/quarantine";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

let admin: Actor;
let security: Actor;
let securityTwo: Actor;

beforeAll(async () => {
  admin = await makeActor("admin");
  security = await makeActor("security");
  securityTwo = await makeActor("security");
});

const DAY_MS = 24 * 3600 * 1000;

// A report as a relay posts it (redacted samples, never the number in clear).
function reportBody(overrides: Record<string, unknown> = {}) {
  return {
    id: randomUUID(),
    queueId: "4F1A2B3C.1",
    messageId: "<m1@example.com>",
    senderId: null,
    credentialId: null,
    from: "billing@example.com",
    recipients: ["a@gmail.com", "b@gmail.com"],
    subject: "Your card",
    sizeBytes: 2048,
    verdict: "DLP: Card numbers",
    findings: [
      {
        kind: "dlp",
        ruleId: randomUUID(),
        ruleName: "Card numbers",
        action: "quarantine",
        where: "text",
        count: 1,
        samples: [{ redacted: "•••• •••• •••• 1111", context: "your card •••• •••• •••• 1111 expires" }],
      },
    ],
    headers: [
      ["From", "billing@example.com"],
      ["Subject", "Your card"],
    ],
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
}

const report = (relayId: string, body: unknown) =>
  atEdge(quarantineReportSchema, body, (input) => reportQuarantined({ relayId, input }));
const settle = (relayId: string, id: string, body: unknown) =>
  atEdge(quarantineSettledSchema, body, (input) => settleQuarantined({ relayId, id, input }));
const list = (raw: Record<string, unknown>) => atEdge(listQuarantineSchema, raw, (input) => listQuarantine(input));
const request = (actor: Actor, raw: unknown) =>
  atEdge(requestReleaseSchema, raw, (input) => requestRelease({ actor, input }));
const approve = (actor: Actor, raw: unknown) =>
  atEdge(approveReleaseSchema, raw, (input) => approveRelease({ actor, input }));
const reject = (actor: Actor, raw: unknown) =>
  atEdge(rejectReleaseSchema, raw, (input) => rejectRelease({ actor, input }));
const remove = (actor: Actor, raw: unknown) =>
  atEdge(deleteQuarantinedSchema, raw, (input) => deleteQuarantined({ actor, input }));

const relayNamed = async (name: string) =>
  (await registerRelay({ actor: admin, input: { name: `${name}-${randomUUID().slice(0, 6)}` } })).relay;

async function heldOn(relayId: string, overrides: Record<string, unknown> = {}): Promise<string> {
  return (await report(relayId, reportBody(overrides))).id;
}

async function auditActions(id: string): Promise<string[]> {
  const rows = await getDb()
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "quarantined_message"), eq(auditLog.targetId, id)))
    .orderBy(auditLog.seq);
  return rows.map((r) => r.action);
}

const commandsFor = async (id: string) => (await buildPolicySnapshot()).quarantineCommands?.filter((c) => c.id === id);

const reportsCounted = async (result: string) =>
  (await metrics().quarantineReports.get()).values.find((v) => v.labels.result === result)?.value ?? 0;

describe("relay reports", () => {
  it("stores a held message once, answers a retried report as a duplicate, and counts both", async () => {
    const relay = await relayNamed("relay-report");
    const body = reportBody({ senderId: randomUUID() });
    const [recordedBefore, duplicatesBefore] = [await reportsCounted("recorded"), await reportsCounted("duplicate")];
    const first = await report(relay.id, body);
    expect(first).toEqual({ id: body.id, status: "held", duplicate: false });
    const again = await report(relay.id, body);
    expect(again).toEqual({ id: body.id, status: "held", duplicate: true });
    const rows = await getDb().select().from(quarantinedMessages).where(eq(quarantinedMessages.id, body.id));
    expect(rows).toHaveLength(1);
    // An unknown sender id is kept as reported (like events), the relay comes from the token.
    expect(rows[0]).toMatchObject({ relayId: relay.id, senderId: body.senderId, verdict: "DLP: Card numbers" });
    expect(await reportsCounted("recorded")).toBe(recordedBefore + 1);
    expect(await reportsCounted("duplicate")).toBe(duplicatesBefore + 1);
    // A report is data, not a person's decision: no audit entry.
    expect(await auditActions(body.id)).toEqual([]);
  });

  it("refuses another relay reusing an id, and a body that breaks the contract", async () => {
    const [one, two] = [await relayNamed("relay-a"), await relayNamed("relay-b")];
    const body = reportBody();
    await report(one.id, body);
    await expect(report(two.id, body)).rejects.toMatchObject({ code: "conflict" });
    await expect(report(one.id, { ...reportBody(), id: "not-a-uuid", sizeBytes: -1 })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { id: expect.any(Array), sizeBytes: expect.any(Array) },
    });
  });
});

describe("listing", () => {
  it("lists newest first and filters by status, sender, rule or verdict text and relay, page by page", async () => {
    const relay = await relayNamed("relay-list");
    const other = await relayNamed("relay-list-other");
    const sender = await makeActiveSender(admin, (await makeDomain(admin)).id, { name: "Invoices Quarantine" });
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const card = await heldOn(relay.id, { receivedAt: at(30), senderId: sender.id });
    const virus = await heldOn(relay.id, {
      receivedAt: at(20),
      verdict: "Virus: Eicar-Signature",
      from: "scanner-test@vendor.example",
      findings: [
        {
          kind: "virus",
          ruleName: "Eicar-Signature",
          action: "quarantine",
          where: "attachment:x.com",
          count: 1,
          samples: [],
        },
      ],
    });
    const iban = await heldOn(relay.id, {
      receivedAt: at(10),
      verdict: "DLP: 2 rules",
      findings: [{ kind: "dlp", ruleName: "IBAN", action: "quarantine", where: "html", count: 2, samples: [] }],
    });
    const elsewhere = await heldOn(other.id, { receivedAt: at(5) });
    await request(security, { quarantineId: virus, reason: "test file from the scanner vendor" });

    const ids = async (raw: Record<string, unknown>) => (await list(raw)).rows.map((r) => r.id);
    expect(await ids({ relay: relay.id })).toEqual([iban, virus, card]);
    expect(await ids({ relay: relay.id, status: "release_requested" })).toEqual([virus]);
    expect(await ids({ relay: relay.id, sender: "invoices quar" })).toEqual([card]);
    expect(await ids({ relay: relay.id, sender: sender.id })).toEqual([card]);
    expect(await ids({ relay: relay.id, sender: "scanner-test@" })).toEqual([virus]);
    // The verdict, or a finding's rule name ("IBAN" is only in the findings of the third).
    expect(await ids({ relay: relay.id, rule: "eicar" })).toEqual([virus]);
    expect(await ids({ relay: relay.id, rule: "iban" })).toEqual([iban]);
    expect(await ids({ relay: other.id })).toEqual([elsewhere]);
    // "" is no filter (an empty field of the GET form); % is a character, not a wildcard.
    expect(await ids({ relay: relay.id, status: "", sender: "", rule: "" })).toHaveLength(3);
    expect(await ids({ relay: relay.id, rule: "%" })).toEqual([]);

    const first = await list({ relay: relay.id, limit: 2 });
    expect(first.rows.map((r) => r.id)).toEqual([iban, virus]);
    expect(first.rows[0]).toMatchObject({ recipientCount: 2, relayName: relay.name, status: "held" });
    expect(first.nextBefore).toBeTruthy();
    const second = await list({ relay: relay.id, limit: 2, before: first.nextBefore });
    expect(second.rows.map((r) => r.id)).toEqual([card]);
    expect(second.rows[0].senderName).toBe("Invoices Quarantine");
    expect(second.nextBefore).toBeNull();

    await expect(list({ status: "lost" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(list({ relay: "nope" })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(list({ before: Buffer.from("garbage").toString("base64url") })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { before: expect.any(Array) },
    });
    expect((await countOpenQuarantine()).awaitingRelease).toBeGreaterThanOrEqual(1);
  });
});

describe("four-eyes release", () => {
  it("refuses the requester's own approval, lets another person approve, and commands the holding relay until it settles", async () => {
    const relay = await relayNamed("relay-release");
    const id = await heldOn(relay.id);
    await expect(request(security, { quarantineId: id, reason: "" })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { reason: expect.any(Array) },
    });
    const requested = await request(security, { quarantineId: id, reason: "false positive: test card" });
    expect(requested).toMatchObject({ status: "release_requested", releaseRequestedBy: security.id });
    await expect(request(admin, { quarantineId: id, reason: "again" })).rejects.toMatchObject({ code: "conflict" });

    const versionBefore = await currentPolicyVersion();
    await expect(approve(security, { quarantineId: id })).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringMatching(/another person must approve/),
    });
    // Refused: nothing changed, no command, no version.
    expect((await getQuarantined(id))?.status).toBe("release_requested");
    expect(await commandsFor(id)).toEqual([]);
    expect(await currentPolicyVersion()).toBe(versionBefore);

    const approved = await approve(securityTwo, { quarantineId: id, comment: "checked with the sender" });
    expect(approved.message).toMatchObject({ status: "released", releasedBy: securityTwo.id });
    expect(approved.policyVersion).toBe(versionBefore + 1);
    expect(await commandsFor(id)).toEqual([{ id, relayId: relay.id, action: "release" }]);
    await expect(approve(admin, { quarantineId: id })).rejects.toMatchObject({ code: "conflict" });

    // Another relay cannot settle it (not found for it); an outcome never commanded is refused.
    const stranger = await relayNamed("relay-stranger");
    const at = new Date().toISOString();
    await expect(settle(stranger.id, id, { outcome: "released", at })).rejects.toMatchObject({ code: "not_found" });
    await expect(settle(relay.id, id, { outcome: "deleted", at })).rejects.toMatchObject({ code: "conflict" });

    const released = await settle(relay.id, id, { outcome: "released", queueId: "NEWQ.1", at });
    expect(released).toMatchObject({ status: "released", settledAt: new Date(at) });
    expect(await commandsFor(id)).toEqual([]);
    // The settlement moved the version, so relays stop seeing the command; a repeat changes nothing.
    const afterSettle = await currentPolicyVersion();
    expect(afterSettle).toBe(versionBefore + 2);
    await settle(relay.id, id, { outcome: "released", at: new Date().toISOString() });
    expect(await currentPolicyVersion()).toBe(afterSettle);

    const deliveredAt = new Date().toISOString();
    expect(await settle(relay.id, id, { outcome: "delivered", at: deliveredAt })).toMatchObject({
      status: "delivered",
      deliveredAt: new Date(deliveredAt),
      settledAt: new Date(at),
    });
    expect(await settle(relay.id, id, { outcome: "delivered", at: new Date().toISOString() })).toMatchObject({
      status: "delivered",
      deliveredAt: new Date(deliveredAt),
    });
    expect(await currentPolicyVersion()).toBe(afterSettle);

    const detail = await getQuarantined(id);
    expect(detail).toMatchObject({ requester: { id: security.id }, approver: { id: securityTwo.id } });
    expect(detail?.timeline.map((s) => s.title)).toEqual([
      "Held by the relay",
      "Reported to the control plane",
      "Release requested",
      "Release approved",
      "Released into the relay's outbound queue",
      "Delivered",
    ]);
    expect(detail?.timeline[2]).toMatchObject({ by: security.label, note: "false positive: test card" });
    expect(await auditActions(id)).toEqual(["quarantine.release_request", "quarantine.release_approve"]);
  });

  it("holds an admin to the same rule on their own request, and refuses the system", async () => {
    const relay = await relayNamed("relay-admin");
    const id = await heldOn(relay.id);
    await request(admin, { quarantineId: id, reason: "admin asks" });
    await expect(approve(admin, { quarantineId: id })).rejects.toMatchObject({ code: "forbidden" });
    const { SYSTEM_ACTOR } = await import("@/lib/audit/actor");
    await expect(approve(SYSTEM_ACTOR, { quarantineId: id })).rejects.toMatchObject({ code: "forbidden" });
    expect((await approve(security, { quarantineId: id })).message.status).toBe("released");
  });

  it("rejects back to held with the comment audited; the requester may withdraw their own", async () => {
    const relay = await relayNamed("relay-reject");
    const id = await heldOn(relay.id);
    await expect(reject(securityTwo, { quarantineId: id, comment: "nothing to reject" })).rejects.toMatchObject({
      code: "conflict",
    });
    await request(security, { quarantineId: id, reason: "looks harmless" });
    await expect(reject(securityTwo, { quarantineId: id, comment: "" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    const rejected = await reject(securityTwo, { quarantineId: id, comment: "real card number, keep it" });
    expect(rejected).toMatchObject({ status: "held", releaseRequestedBy: null, releaseReason: null });
    expect(await commandsFor(id)).toEqual([]);
    await request(security, { quarantineId: id, reason: "asking again" });
    expect((await reject(security, { quarantineId: id, comment: "withdrawn" })).status).toBe("held");
    const [rejectEntry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "quarantine.release_reject"), eq(auditLog.targetId, id)))
      .orderBy(auditLog.seq)
      .limit(1);
    expect(rejectEntry).toMatchObject({ reason: "real card number, keep it", actorId: securityTwo.id });
    expect(rejectEntry.before).toMatchObject({ requestedBy: security.id, requestReason: "looks harmless" });
    // The timeline keeps the rejected request (from the audit log) though its fields were cleared.
    expect((await getQuarantined(id))?.timeline.map((s) => s.title)).toContain("Release request rejected");
  });
});

describe("deletion and retention", () => {
  it("deletes with a reason, commands the relay to delete until it settles, refuses deleting a released message", async () => {
    const relay = await relayNamed("relay-delete");
    const id = await heldOn(relay.id);
    await expect(remove(security, { quarantineId: id, reason: "x" })).rejects.toMatchObject({
      code: "validation_failed",
    });
    const before = await currentPolicyVersion();
    const { message, policyVersion } = await remove(security, { quarantineId: id, reason: "confirmed leak" });
    expect(message).toMatchObject({ status: "deleted", deletedBy: security.id, deleteReason: "confirmed leak" });
    expect(policyVersion).toBe(before + 1);
    expect(await commandsFor(id)).toEqual([{ id, relayId: relay.id, action: "delete" }]);
    await expect(remove(admin, { quarantineId: id, reason: "twice" })).rejects.toMatchObject({ code: "conflict" });
    await expect(settle(relay.id, id, { outcome: "delivered", at: new Date().toISOString() })).rejects.toMatchObject({
      code: "conflict",
    });
    await settle(relay.id, id, { outcome: "deleted", at: new Date().toISOString() });
    expect(await commandsFor(id)).toEqual([]);
    expect(await auditActions(id)).toEqual(["quarantine.delete"]);

    const released = await heldOn(relay.id);
    await request(security, { quarantineId: released, reason: "fine" });
    await approve(admin, { quarantineId: released });
    await expect(remove(admin, { quarantineId: released, reason: "too late" })).rejects.toMatchObject({
      code: "conflict",
    });
    await expect(remove(admin, { quarantineId: randomUUID(), reason: "nothing" })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("expires messages held past quarantine.retentionDays (system, audited) and tells their relay to delete them", async () => {
    const relay = await relayNamed("relay-retention");
    const now = new Date();
    const old = await heldOn(relay.id, { receivedAt: new Date(now.getTime() - 15 * DAY_MS).toISOString() });
    const oldRequested = await heldOn(relay.id, { receivedAt: new Date(now.getTime() - 20 * DAY_MS).toISOString() });
    await request(security, { quarantineId: oldRequested, reason: "before it expires" });
    const recent = await heldOn(relay.id, { receivedAt: new Date(now.getTime() - 13 * DAY_MS).toISOString() });
    const before = await currentPolicyVersion();
    const { expired } = await expireQuarantined(now);
    expect(expired).toBeGreaterThanOrEqual(2);
    expect(await currentPolicyVersion()).toBe(before + 1);
    for (const id of [old, oldRequested]) {
      expect((await getQuarantined(id))?.status).toBe("expired");
      expect(await commandsFor(id)).toEqual([{ id, relayId: relay.id, action: "delete" }]);
    }
    expect((await getQuarantined(recent))?.status).toBe("held");
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "quarantine.expire"), eq(auditLog.targetId, old)));
    expect(entry).toMatchObject({ actorLabel: "system", actorId: null, reason: "retention: held longer than 14 days" });
    // Nothing more to expire: no new version.
    expect((await expireQuarantined(now)).expired).toBe(0);
    expect(await currentPolicyVersion()).toBe(before + 1);
    // A shorter retention (setting) expires the recent one too.
    await setSetting({ actor: admin, key: "quarantine.retentionDays", value: 10 });
    expect((await expireQuarantined(now)).expired).toBe(1);
    expect((await getQuarantined(recent))?.status).toBe("expired");
    await settle(relay.id, old, { outcome: "deleted", at: now.toISOString() });
    expect((await pendingQuarantineCommands()).map((c) => c.id)).not.toContain(old);
    await setSetting({ actor: admin, key: "quarantine.retentionDays", value: 14 });
  });
});
