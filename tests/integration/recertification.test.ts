// Re-certification end to end on a real database: a campaign mails each owner (real SMTP into a
// local sink) a single-use link; the answer is recorded with who, when, the IP and the scope seen;
// wrong, used and expired links are refused; overdue senders are warned, then suspended by their
// kill switch, on a fake clock; the report's API and CSV show who confirmed what.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/v1/recertifications/export.csv/route";
import { GET as listReport } from "@/app/api/v1/recertifications/route";
import { getDb } from "@/db/client";
import {
  alerts,
  auditLog,
  killSwitches,
  recertificationNotices,
  recertificationRequests,
  recertifications,
  senders,
} from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import type { Role } from "@/lib/auth/roles";
import { answerRecertification } from "@/lib/recertification/answer-recertification";
import { addDaysUtc } from "@/lib/recertification/dates";
import { enforceReviewDates } from "@/lib/recertification/enforce-review-dates";
import { findRecertificationRequest } from "@/lib/recertification/find-request";
import { startCampaign } from "@/lib/recertification/start-campaign";
import { tokenVerifier } from "@/lib/recertification/token";
import { todayUtc } from "@/lib/senders/review";
import { listRecertificationsOperation } from "@/lib/server/api/operations/recertification";
import { setSetting } from "@/lib/settings/settings";
import { type RunningSink, startSink } from "@/relay/sink/sink-server";
import { listMessages, readRaw, type SinkMessage } from "@/relay/sink/sink-store";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

const DAY_MS = 24 * 60 * 60 * 1000;
const TOKEN_IN_LINK = /\/recertify\/([A-Za-z0-9_-]{43})/;

let sink: RunningSink;
let sinkDir: string;
let security: Actor;
let domainId: string;
const admin = { ...SYSTEM_ACTOR, label: "test setup" };

// The mail body as text: quoted-printable soft line breaks joined again.
function bodyOf(message: SinkMessage): string {
  return readRaw(sinkDir, message)
    .toString("utf8")
    .replace(/=\r?\n/g, "");
}

// RFC 2047 encoded words (nodemailer Q-encodes a subject with quotes) back to text.
function decodeWords(text: string): string {
  return text.replace(/=\?UTF-8\?Q\?([^?]*)\?=\s*/gi, (_, encoded: string) =>
    Buffer.from(
      encoded
        .replace(/_/g, " ")
        .replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))),
      "latin1",
    ).toString("utf8"),
  );
}

function mailsTo(address: string): SinkMessage[] {
  return listMessages(sinkDir)
    .filter((m) => m.to.includes(address))
    .map((m) => ({ ...m, subject: m.subject === null ? null : decodeWords(m.subject) }));
}

function tokenFrom(message: SinkMessage): string {
  const match = TOKEN_IN_LINK.exec(bodyOf(message));
  if (!match) throw new Error(`no link in ${message.subject}`);
  return match[1];
}

async function dueSender(contactEmail: string, reviewDate = addDaysUtc(todayUtc(), 5)) {
  return makeActiveSender(security, domainId, { contactEmail, reviewDate, allowedCidrs: ["10.1.0.0/16"] });
}

// A campaign limited to the senders of this test: every other sender is moved far into the future.
async function campaignFor(senderIds: string[], now = new Date()) {
  const farAway = addDaysUtc(todayUtc(), 3000);
  for (const s of await getDb().select({ id: senders.id }).from(senders))
    if (!senderIds.includes(s.id))
      await getDb().update(senders).set({ reviewDate: farAway }).where(eq(senders.id, s.id));
  return startCampaign({ actor: security, input: { dueWithinDays: 30 }, now });
}

async function callerToken(role: Role): Promise<string> {
  const actor = await makeActor(role);
  return (await createApiToken({ actor, input: { name: `${role}-recert`, expiresInDays: 30 } })).token;
}

const get = (url: string, token: string) =>
  new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${token}` } });
const noParams = { params: Promise.resolve({}) };

beforeAll(async () => {
  sinkDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-recert-sink-"));
  sink = await startSink({ host: "127.0.0.1", port: 0, dir: sinkDir });
  security = await makeActor("security");
  domainId = (await makeDomain(security)).id;
  // Notification mail straight into the sink (no AUTH: a local next hop); see the relay test for
  // the same mail through the real relay with the notification sender's credential.
  await setSetting({ actor: admin, key: "notify.smtpHost", value: "127.0.0.1" });
  await setSetting({ actor: admin, key: "notify.smtpPort", value: sink.port });
  await setSetting({ actor: admin, key: "notify.from", value: "switchyard@notify.example.com" });
  await setSetting({ actor: admin, key: "recertification.linkBaseUrl", value: "https://switchyard.example.com" });
});

afterAll(async () => {
  await sink.close();
  fs.rmSync(sinkDir, { recursive: true, force: true });
});

describe("campaign → link → answer", () => {
  it("mails each due owner a single-use link by SMTP and stores only the token's SHA-256", async () => {
    const sender = await dueSender("owner-a@example.com");
    const result = await campaignFor([sender.id]);
    expect(result).toMatchObject({ senderCount: 1, mailed: 1, failed: [] });

    const [mail] = mailsTo("owner-a@example.com");
    expect(mail.subject).toContain(sender.name);
    expect(mail.headerFrom).toContain("switchyard@notify.example.com");
    const body = bodyOf(mail);
    expect(body).toContain("https://switchyard.example.com/recertify/");
    expect(body).toContain("Networks: 10.1.0.0/16");
    const token = tokenFrom(mail);

    const [request] = await getDb()
      .select()
      .from(recertificationRequests)
      .where(eq(recertificationRequests.senderId, sender.id));
    expect(request.tokenVerifier).toBe(tokenVerifier(token));
    expect(request.mailStatus).toBe("sent");
    // The token itself is nowhere in the database's request row or the audit log.
    expect(JSON.stringify(request)).not.toContain(token);
    const audit = await getDb().select().from(auditLog).where(eq(auditLog.action, "recertification.campaign.start"));
    expect(audit.length).toBeGreaterThan(0);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it("records the confirmation (who, when, IP, scope seen), moves the review date and refuses a second use", async () => {
    const sender = await dueSender("owner-b@example.com");
    await campaignFor([sender.id]);
    const token = tokenFrom(mailsTo("owner-b@example.com")[0]);

    const found = await findRecertificationRequest(token);
    expect(found.state).toBe("open");
    if (found.state !== "open") return;
    expect(found.scope.allowedCidrs).toEqual(["10.1.0.0/16"]);
    expect(found.scope.fromDomains).toHaveLength(1);
    // Opening the page (the lookup) changes nothing: the link is still open.
    expect((await findRecertificationRequest(token)).state).toBe("open");

    const answer = await answerRecertification({
      input: { token, outcome: "confirmed", revision: found.scope.revision },
      ip: "198.51.100.9",
    });
    expect(answer).toMatchObject({ confirmedBy: "owner-b@example.com", ip: "198.51.100.9", outcome: "confirmed" });
    expect((answer.scope as { allowedCidrs: string[] }).allowedCidrs).toEqual(["10.1.0.0/16"]);
    const [after] = await getDb().select().from(senders).where(eq(senders.id, sender.id));
    expect(answer.reviewDateBefore).toBe(sender.reviewDate);
    expect(after.reviewDate).toBe(answer.reviewDateAfter);
    expect(after.reviewDate > addDaysUtc(todayUtc(), 330)).toBe(true);
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "sender.recertify"), eq(auditLog.targetId, sender.id)));
    expect(entry.actorLabel).toBe("owner-b@example.com (re-certification link)");
    expect(entry.ip).toBe("198.51.100.9");

    await expect(
      answerRecertification({ input: { token, outcome: "confirmed", revision: found.scope.revision }, ip: null }),
    ).rejects.toMatchObject({ code: "conflict", message: "This link was already used." });
    expect((await findRecertificationRequest(token)).state).toBe("used");
    expect(await getDb().select().from(recertifications).where(eq(recertifications.senderId, sender.id))).toHaveLength(
      1,
    );
  });

  it("refuses an unknown token with a 404 that names nothing", async () => {
    const wrong = "A".repeat(43);
    expect(await findRecertificationRequest(wrong)).toEqual({ state: "not_found" });
    const error = await answerRecertification({
      input: { token: wrong, outcome: "confirmed", revision: 1 },
      ip: null,
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "not_found", message: "This link is not valid." });
  });

  it("refuses an expired link", async () => {
    const sender = await dueSender("owner-c@example.com");
    // Started 15 days ago: the 14-day link has expired.
    await campaignFor([sender.id], new Date(Date.now() - 15 * DAY_MS));
    const token = tokenFrom(mailsTo("owner-c@example.com")[0]);
    expect((await findRecertificationRequest(token)).state).toBe("expired");
    await expect(
      answerRecertification({ input: { token, outcome: "confirmed", revision: sender.revision }, ip: null }),
    ).rejects.toMatchObject({ code: "conflict" });
    const [unchanged] = await getDb().select().from(senders).where(eq(senders.id, sender.id));
    expect(unchanged.reviewDate).toBe(sender.reviewDate);
  });

  it("a new campaign retires the sender's earlier unanswered link", async () => {
    const sender = await dueSender("owner-i@example.com");
    await campaignFor([sender.id]);
    const first = tokenFrom(mailsTo("owner-i@example.com")[0]);
    await campaignFor([sender.id]);
    const second = tokenFrom(mailsTo("owner-i@example.com")[1]);
    expect(second).not.toBe(first);
    expect((await findRecertificationRequest(first)).state).toBe("expired");
    expect((await findRecertificationRequest(second)).state).toBe("open");
  });

  it("refuses an answer about a sender that changed since the page was opened", async () => {
    const sender = await dueSender("owner-d@example.com");
    await campaignFor([sender.id]);
    const token = tokenFrom(mailsTo("owner-d@example.com")[0]);
    await getDb()
      .update(senders)
      .set({ revision: sender.revision + 1 })
      .where(eq(senders.id, sender.id));
    await expect(
      answerRecertification({ input: { token, outcome: "confirmed", revision: sender.revision }, ip: null }),
    ).rejects.toMatchObject({ code: "conflict" });
    expect((await findRecertificationRequest(token)).state).toBe("open");
  });

  it("'no longer needed' is recorded and raises a task for security, without suspending", async () => {
    const sender = await dueSender("owner-e@example.com");
    await campaignFor([sender.id]);
    const token = tokenFrom(mailsTo("owner-e@example.com")[0]);
    const answer = await answerRecertification({
      input: { token, outcome: "no_longer_needed", revision: sender.revision, comment: "Replaced by the new ERP" },
      ip: "198.51.100.10",
    });
    expect(answer.reviewDateAfter).toBeNull();
    const [after] = await getDb().select().from(senders).where(eq(senders.id, sender.id));
    expect(after).toMatchObject({ status: "active", reviewDate: sender.reviewDate });
    const [task] = await getDb()
      .select()
      .from(alerts)
      .where(eq(alerts.dedupeKey, `recertification:decline:${sender.id}`));
    expect(task.title).toContain("no longer needed");
    expect(await getDb().select().from(killSwitches).where(eq(killSwitches.targetId, sender.id))).toHaveLength(0);
  });

  it("refuses to start while notification mail is off", async () => {
    await setSetting({ actor: admin, key: "notify.smtpHost", value: "" });
    try {
      await expect(startCampaign({ actor: security, input: {} })).rejects.toMatchObject({ code: "conflict" });
    } finally {
      await setSetting({ actor: admin, key: "notify.smtpHost", value: "127.0.0.1" });
    }
  });
});

describe("automatic suspension after the review date (fake clock)", () => {
  const at = (day: string, hour = 12) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00Z`);

  beforeEach(async () => {
    await setSetting({ actor: admin, key: "recertification.autoSuspendAfterDays", value: 10 });
  });

  it("is off by default (0)", async () => {
    await setSetting({ actor: admin, key: "recertification.autoSuspendAfterDays", value: 0 });
    await dueSender("owner-off@example.com", "2020-01-01");
    expect(await enforceReviewDates({ now: at("2030-01-01") })).toEqual({ warned: [], suspended: [] });
  });

  it("warns at the review date and 3 days before, then engages the sender's kill switch as the system", async () => {
    const reviewDate = addDaysUtc(todayUtc(), 400);
    const sender = await dueSender("owner-f@example.com", reviewDate);
    const mine = (o: Awaited<ReturnType<typeof enforceReviewDates>>) => ({
      warned: o.warned.filter((w) => w.sender === sender.name).map((w) => w.step),
      suspended: o.suspended.filter((s) => s === sender.name),
    });

    expect(mine(await enforceReviewDates({ now: at(addDaysUtc(reviewDate, -1)) }))).toEqual({
      warned: [],
      suspended: [],
    });
    expect(mine(await enforceReviewDates({ now: at(reviewDate) }))).toEqual({ warned: ["warning_due"], suspended: [] });
    // Idempotent: the same day again sends nothing.
    expect(mine(await enforceReviewDates({ now: at(reviewDate, 18) }))).toEqual({ warned: [], suspended: [] });
    expect(mine(await enforceReviewDates({ now: at(addDaysUtc(reviewDate, 7)) }))).toEqual({
      warned: ["warning_final"],
      suspended: [],
    });
    expect(mine(await enforceReviewDates({ now: at(addDaysUtc(reviewDate, 9)) }))).toEqual({
      warned: [],
      suspended: [],
    });
    expect(await getDb().select().from(killSwitches).where(eq(killSwitches.targetId, sender.id))).toHaveLength(0);

    expect(mine(await enforceReviewDates({ now: at(addDaysUtc(reviewDate, 10)) }))).toEqual({
      warned: [],
      suspended: [sender.name],
    });
    const [engaged] = await getDb().select().from(killSwitches).where(eq(killSwitches.targetId, sender.id));
    expect(engaged.engagedByLabel).toBe("system (re-certification)");
    expect(engaged.reason).toContain("not re-certified 10 days after its review date");
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "kill_switch.engage"), eq(auditLog.targetId, sender.id)));
    expect(entry.actorLabel).toBe("system (re-certification)");

    const subjects = mailsTo("owner-f@example.com").map((m) => m.subject ?? "");
    expect(subjects).toHaveLength(3);
    expect(subjects[0]).toMatch(/^Reminder: .* will be suspended on /);
    expect(subjects[1]).toMatch(/^Final notice: /);
    expect(subjects[2]).toMatch(/was suspended: not re-certified/);
    // Once suspended, later runs do nothing more.
    expect(mine(await enforceReviewDates({ now: at(addDaysUtc(reviewDate, 12)) }))).toEqual({
      warned: [],
      suspended: [],
    });
  });

  it("warns first even when the sender is already past the limit when the setting is turned on", async () => {
    const reviewDate = addDaysUtc(todayUtc(), 800);
    const sender = await dueSender("owner-g@example.com", reviewDate);
    const late = at(addDaysUtc(reviewDate, 30));
    const first = await enforceReviewDates({ now: late });
    expect(first.warned.filter((w) => w.sender === sender.name).map((w) => w.step)).toEqual([
      "warning_due",
      "warning_final",
    ]);
    expect(first.suspended).not.toContain(sender.name);
    expect((await enforceReviewDates({ now: new Date(late.getTime() + 2 * DAY_MS) })).suspended).not.toContain(
      sender.name,
    );
    expect((await enforceReviewDates({ now: new Date(late.getTime() + 3 * DAY_MS) })).suspended).toContain(sender.name);
  });

  it("a re-certification moves the review date, so the steps start afresh", async () => {
    const sender = await dueSender("owner-h@example.com", addDaysUtc(todayUtc(), -2));
    const now = new Date();
    const first = await enforceReviewDates({ now });
    expect(first.warned.some((w) => w.sender === sender.name)).toBe(true);
    await campaignFor([sender.id]);
    const token = tokenFrom(mailsTo("owner-h@example.com").find((m) => m.subject?.startsWith("Please confirm"))!);
    await answerRecertification({ input: { token, outcome: "confirmed", revision: sender.revision }, ip: null });
    const later = await enforceReviewDates({ now: new Date(now.getTime() + 20 * DAY_MS) });
    expect(later.warned.some((w) => w.sender === sender.name)).toBe(false);
    expect(later.suspended).not.toContain(sender.name);
    const notices = await getDb()
      .select()
      .from(recertificationNotices)
      .where(eq(recertificationNotices.senderId, sender.id));
    expect(notices.every((n) => n.reviewDate === sender.reviewDate)).toBe(true);
  });
});

describe("report: API and CSV", () => {
  it("lists who confirmed what for auditors and security, as JSON and as CSV", async () => {
    const sender = await dueSender("=owner-csv@example.com");
    await campaignFor([sender.id]);
    const token = tokenFrom(mailsTo("=owner-csv@example.com")[0]);
    await answerRecertification({
      input: { token, outcome: "confirmed", revision: sender.revision },
      ip: "192.0.2.44",
    });

    const auditor = await callerToken("auditor");
    const response = await listReport(
      get(`/api/v1/recertifications?sender=${encodeURIComponent(sender.name)}`, auditor),
      noParams,
    );
    expect(response.status).toBe(200);
    const json = await response.json();
    expect(listRecertificationsOperation.response.parse(json)).toEqual(json);
    expect(json.rows).toHaveLength(1);
    expect(json.rows[0]).toMatchObject({
      senderName: sender.name,
      confirmedBy: "=owner-csv@example.com",
      ip: "192.0.2.44",
      outcome: "confirmed",
      scope: { allowedCidrs: ["10.1.0.0/16"] },
    });

    const csvResponse = await exportCsv(
      get("/api/v1/recertifications/export.csv", await callerToken("security")),
      noParams,
    );
    expect(csvResponse.status).toBe(200);
    expect(csvResponse.headers.get("content-type")).toContain("text/csv");
    const lines = (await csvResponse.text()).trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "confirmed_at,sender,outcome,confirmed_by,ip,from_domains,from_addresses,networks,rate_per_minute,rate_per_day,sender_revision,review_date_before,review_date_after,campaign_started_by",
    );
    const line = lines.find((l) => l.includes(sender.name));
    // A value a spreadsheet would run as a formula is defused with a leading quote.
    expect(line).toContain(",'=owner-csv@example.com,192.0.2.44,");
    expect(line).toContain(",10.1.0.0/16,");
    expect(lines.length).toBeGreaterThanOrEqual(3);
  });

  it("is refused to roles without recertification:read", async () => {
    for (const role of ["comms", "infra"] as const) {
      const response = await listReport(get("/api/v1/recertifications", await callerToken(role)), noParams);
      expect(response.status).toBe(403);
    }
  });
});
