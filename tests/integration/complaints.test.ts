// Feedback-loop complaints end to end on a real database: ARF report → matched to the sender and
// message the relay reported → one `complained` event, counted once in the rollups, audited;
// the same through POST /api/v1/complaints with a real API token, and the upload path.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postComplaint } from "@/app/api/v1/complaints/route";
import { getDb } from "@/db/client";
import { auditLog, deliveryEvents, deliveryStats, NIL_UUID } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { listComplaints } from "@/lib/complaints/list-complaints";
import { messageTagKey } from "@/lib/complaints/message-tag";
import { afterComplaintHooks, recordComplaint } from "@/lib/complaints/record-complaint";
import { recordComplaintFiles } from "@/lib/complaints/record-complaint-files";
import { ingestEvents } from "@/lib/events/ingest-events";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { registerRelay } from "@/lib/relays/register-relay";
import { metrics } from "@/lib/server/metrics/registry";
import { setSetting } from "@/lib/settings/settings";
import { listComplaintsSchema, recordComplaintSchema, uploadComplaintsSchema } from "@/lib/validations/complaints";
import { makeActor } from "../support/actors";
import { arfSample } from "../support/arf-sample";
import { atEdge } from "../support/at-edge";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/arf");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const text = (name: string) => fixture(name).toString("utf8");

// The relay's own tag function (relay/plugin/lib/message-tag.js), keyed as build-snapshot keys it.
const { tagValue } = createRequire(import.meta.url)("../../relay/plugin/lib/message-tag.js") as {
  tagValue(key: Buffer, fields: { senderId: string; queueId: string; messageId: string }): string;
};
const relayTag = (fields: { senderId: string; queueId: string; messageId: string }, key: Buffer = messageTagKey()) =>
  tagValue(key, fields);

const YAHOO_MESSAGE_ID = "<20250301101500.a1b2c3@relay.example.com>";
const MAILRU_SENDER_ID = "6f1c2a9e-3b7d-4c1e-9a55-2d8e4f0b7c31";

let admin: Actor;
let senderId: string;
let senderName: string;
let credentialId: string;
let infraToken: string;
let commsToken: string;
const hookCalls: string[][] = [];

async function complaintStats(sender: string) {
  const rows = await getDb()
    .select({ bucketSize: deliveryStats.bucketSize, count: sql<number>`sum(${deliveryStats.count})::int` })
    .from(deliveryStats)
    .where(
      and(
        eq(deliveryStats.grain, "full"),
        inArray(deliveryStats.bucketSize, ["minute", "hour"]),
        eq(deliveryStats.outcome, "complained"),
        eq(deliveryStats.senderId, sender),
      ),
    )
    .groupBy(deliveryStats.bucketSize);
  return Object.fromEntries(rows.map((r) => [r.bucketSize, Number(r.count)]));
}

const complaintRows = (eventId: string) =>
  getDb()
    .select()
    .from(deliveryEvents)
    .where(and(eq(deliveryEvents.source, "feedback-loop"), eq(deliveryEvents.eventId, eventId)));
const auditFor = (eventId: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "complaint.record"), eq(auditLog.targetId, eventId)));

beforeAll(async () => {
  admin = await makeActor("admin");
  const infra = await makeActor("infra");
  const comms = await makeActor("comms");
  infraToken = (await createApiToken({ actor: infra, input: { name: "fbl-processor", expiresInDays: 90 } })).token;
  commsToken = (await createApiToken({ actor: comms, input: { name: "comms-ro", expiresInDays: 90 } })).token;
  const domain = await makeDomain(admin);
  const sender = await makeActiveSender(admin, domain.id);
  senderId = sender.id;
  senderName = sender.name;
  credentialId = "0b9a7c55-1d2e-4f3a-8b6c-5d4e3f2a1b0c";
  await makeActiveSender(admin, domain.id, { id: MAILRU_SENDER_ID });
  // What the relay reported for the Yahoo fixture's message: accepted for two recipients, delivered to both.
  const { relay } = await registerRelay({ actor: admin, input: { name: "relay-fbl" } });
  const base = {
    messageId: YAHOO_MESSAGE_ID,
    senderId,
    credentialId,
    username: "billing-app",
    clientIp: "10.1.2.3",
    from: "bounces+invoices@mail.example.com",
    at: "2025-03-01T10:15:00.000Z",
  };
  await ingestEvents({
    relayId: relay.id,
    input: {
      events: [
        { ...base, id: "acc.fbl-1.jane", type: "accepted", recipient: "jane.doe@yahoo.com" },
        { ...base, id: "acc.fbl-1.john", type: "accepted", recipient: "john@yahoo.com" },
        {
          ...base,
          id: "dlv.fbl-1.john",
          type: "delivered",
          recipient: "john@yahoo.com",
          at: "2025-03-01T10:15:02.000Z",
        },
        {
          ...base,
          id: "dlv.fbl-1.jane",
          type: "delivered",
          recipient: "jane.doe@yahoo.com",
          at: "2025-03-01T10:15:01.000Z",
          credentialId: null,
        },
      ],
    },
  });
  afterComplaintHooks.push(async (ids) => {
    hookCalls.push(ids);
  });
  afterComplaintHooks.push(async () => {
    throw new Error("a failing hook must not undo the complaint");
  });
});

describe("recording a complaint", () => {
  it("matches by the original Message-ID, records one complained event, counts it in the rollups, audits it", async () => {
    const result = await recordComplaint({ actor: admin, input: { report: fixture("yahoo-cfl.eml") } });
    expect(result).toMatchObject({
      duplicate: false,
      feedbackType: "abuse",
      matched: { by: "message-id", senderId, senderName, messageId: YAHOO_MESSAGE_ID },
    });
    expect(result.eventId).toMatch(/^arf-[0-9a-f]{64}$/);
    const [row] = await complaintRows(result.eventId);
    expect(row).toMatchObject({
      type: "complained",
      relayId: null,
      senderId,
      // The complaining recipient's own events, though the delivered one lacked the credential.
      recipient: "jane.doe@yahoo.com",
      recipientDomain: "yahoo.com",
      credentialId,
      username: "billing-app",
      fromAddress: "bounces+invoices@mail.example.com",
      messageId: YAHOO_MESSAGE_ID,
      reason: "abuse",
    });
    expect(row.at.toISOString()).toBe("2025-03-01T12:04:09.000Z");
    expect(row.detail).toContain("Yahoo!-Mail-Feedback/2.0");
    expect(await complaintStats(senderId)).toEqual({ minute: 1, hour: 1 });
    const audit = await auditFor(result.eventId);
    expect(audit).toHaveLength(1);
    expect(audit[0].actorId).toBe(admin.id);
    expect(audit[0].after).toMatchObject({
      feedbackType: "abuse",
      matchedBy: "message-id",
      senderId,
      recipientDomain: "yahoo.com",
    });
    // No message content in the audit log.
    expect(JSON.stringify(audit[0])).not.toMatch(/invoice|42\.00|jane\.doe/i);
    expect(hookCalls).toEqual([[senderId]]);
  });

  it("counts the same report once, however often it is posted", async () => {
    const again = await recordComplaint({
      actor: admin,
      input: { report: text("yahoo-cfl.eml").replace(/\r\n/g, "\n") },
    });
    expect(again).toMatchObject({ duplicate: true, matched: { senderId } });
    expect(await complaintRows(again.eventId)).toHaveLength(1);
    expect(await complaintStats(senderId)).toEqual({ minute: 1, hour: 1 });
    expect(await auditFor(again.eventId)).toHaveLength(1);
    expect(hookCalls).toHaveLength(1);
    // A different complaining recipient of the same message is a different report.
    const other = await recordComplaint({
      actor: admin,
      input: { report: text("yahoo-cfl.eml").replaceAll("jane.doe@yahoo.com", "john@yahoo.com") },
    });
    expect(other.duplicate).toBe(false);
    expect((await complaintRows(other.eventId))[0]).toMatchObject({
      recipient: "john@yahoo.com",
      senderId,
      credentialId,
    });
    expect(await complaintStats(senderId)).toEqual({ minute: 2, hour: 2 });
  });

  it("does not trust X-Switchyard-* headers a sender can write: the report stays unmatched", async () => {
    const result = await recordComplaint({ actor: admin, input: { report: fixture("mailru-fbl.eml") } });
    expect(result.matched).toBeNull();
    const [row] = await complaintRows(result.eventId);
    expect(row).toMatchObject({
      senderId: null,
      queueId: null,
      recipient: "ivan@mail.ru",
      fromAddress: "promo@news.example.ru",
    });
    expect(hookCalls.flat()).not.toContain(MAILRU_SENDER_ID);
  });

  it("matches by the relay's signed X-Switchyard-Tag (made by the relay's own signing function) when no relay event has the Message-ID", async () => {
    const messageId = "<promo-7790@news.example.ru>";
    const tag = relayTag({ senderId: MAILRU_SENDER_ID, queueId: "1A2B3C4D-5E6F-4A0B-8C1D-2E3F4A5B6C7D.1", messageId });
    const report = text("mailru-fbl.eml")
      .replace("promo-7781", "promo-7790")
      .replace(`X-Switchyard-Sender: ${MAILRU_SENDER_ID}`, `X-Switchyard-Tag: ${tag}`);
    const result = await recordComplaint({ actor: admin, input: { report } });
    expect(result.matched).toMatchObject({ by: "header", senderId: MAILRU_SENDER_ID, messageId });
    const [row] = await complaintRows(result.eventId);
    expect(row).toMatchObject({
      senderId: MAILRU_SENDER_ID,
      queueId: "1A2B3C4D-5E6F-4A0B-8C1D-2E3F4A5B6C7D.1",
      recipient: "ivan@mail.ru",
      fromAddress: "promo@news.example.ru",
    });
    expect(await complaintStats(MAILRU_SENDER_ID)).toEqual({ minute: 1, hour: 1 });
    expect(hookCalls.at(-1)).toEqual([MAILRU_SENDER_ID]);
    // The same tag on another message, or one made with another key, matches nothing.
    const replayed = report.replace("promo-7790", "promo-7791");
    expect((await recordComplaint({ actor: admin, input: { report: replayed } })).matched).toBeNull();
    const otherKey = report
      .replace(tag, relayTag({ senderId: MAILRU_SENDER_ID, queueId: "Q.1", messageId }, randomBytes(32)))
      .replace("promo-7790", "promo-7792");
    expect((await recordComplaint({ actor: admin, input: { report: otherKey } })).matched).toBeNull();
  });

  it("records an unmatched report with no sender (and a header naming no known sender as unmatched)", async () => {
    const before = await complaintStats(NIL_UUID);
    const result = await recordComplaint({ actor: admin, input: { report: fixture("microsoft-jmrp.eml") } });
    expect(result).toMatchObject({ duplicate: false, matched: null });
    const [row] = await complaintRows(result.eventId);
    expect(row).toMatchObject({
      senderId: null,
      recipient: "redacted@hotmail.com",
      recipientDomain: "hotmail.com",
      fromAddress: "bounces@notify.example.org",
    });
    const forged = text("mailru-fbl.eml")
      .replace(MAILRU_SENDER_ID, "11111111-2222-4333-8444-555555555555")
      .replace("promo-7781", "promo-7782");
    expect((await recordComplaint({ actor: admin, input: { report: forged } })).matched).toBeNull();
    expect(await complaintStats(NIL_UUID)).toEqual({ minute: (before.minute ?? 0) + 2, hour: (before.hour ?? 0) + 2 });
  });

  it("refuses malformed reports with validation_failed and records nothing", async () => {
    const count = async () =>
      (await getDb().select().from(deliveryEvents).where(eq(deliveryEvents.source, "feedback-loop"))).length;
    const before = await count();
    await expect(
      recordComplaint({ actor: admin, input: { report: fixture("broken-missing-feedback-type.eml") } }),
    ).rejects.toMatchObject({ code: "validation_failed", message: expect.stringMatching(/Feedback-Type missing/) });
    await expect(
      atEdge(recordComplaintSchema, { report: 42 }, (input) => recordComplaint({ actor: admin, input })),
    ).rejects.toMatchObject({ code: "validation_failed" });
    expect(await count()).toBe(before);
    const counted = (await metrics().complaints.get()).values.find((v) => v.labels.result === "invalid");
    expect(counted?.value).toBe(1);
  });
});

describe("POST /api/v1/complaints", () => {
  const post = (token: string, body: BodyInit, contentType = "message/rfc822") =>
    postComplaint(
      new Request("http://localhost/api/v1/complaints", {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": contentType, "x-forwarded-for": "198.51.100.20" },
        body,
      }),
    );

  it("answers 201 for a new report, 200 with duplicate: true for the same one again", async () => {
    const first = await post(infraToken, fixture("comcast-returnpath.eml"));
    expect(first.status).toBe(201);
    expect(first.headers.get("x-ratelimit-limit")).toBeTruthy();
    const created = (await first.json()) as {
      eventId: string;
      duplicate: boolean;
      matched: unknown;
      feedbackType: string;
    };
    expect(created).toMatchObject({ duplicate: false, matched: null, feedbackType: "abuse" });
    const second = await post(infraToken, fixture("comcast-returnpath.eml"), "text/plain; charset=utf-8");
    expect(second.status).toBe(200);
    expect(await second.json()).toMatchObject({ eventId: created.eventId, duplicate: true });
    expect(await complaintRows(created.eventId)).toHaveLength(1);
    const audit = await auditFor(created.eventId);
    expect(audit).toHaveLength(1);
    expect(audit[0].actorRole).toBe("infra");
  });

  it("accepts the MIME body alone when the HTTP Content-Type is the report's multipart/report", async () => {
    const aol = text("aol-scomp.eml");
    const header = /Content-Type: (multipart\/report[^\r\n]*)/.exec(aol)![1];
    const response = await post(infraToken, aol.slice(aol.indexOf("\r\n\r\n") + 4), header);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ feedbackType: "abuse", matched: null });
  });

  it("answers 422 naming the problem for malformed reports, 413 past 2 MB, 415 for a JSON body", async () => {
    for (const [name, message] of [
      ["broken-not-multipart.eml", /not multipart\/report/],
      ["broken-truncated.eml", /truncated/],
      ["broken-binary-garbage.eml", /binary/],
    ] as const) {
      const response = await post(infraToken, fixture(name));
      expect(response.status, name).toBe(422);
      expect(await response.json()).toMatchObject({
        error: { code: "validation_failed", message: expect.stringMatching(message) },
      });
    }
    const huge = await post(infraToken, Buffer.concat([fixture("yahoo-cfl.eml"), Buffer.alloc(2 * 1024 * 1024, 0x61)]));
    expect(huge.status).toBe(413);
    const json = await post(infraToken, JSON.stringify({ report: "x" }), "application/json");
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({
      error: { code: "unsupported_media_type", message: expect.stringContaining("message/rfc822, text/plain") },
    });
  });

  it("answers 401 for a bad token and 403 for a role without complaints:submit", async () => {
    const bad = await post("syapi_nope", fixture("yahoo-cfl.eml"));
    expect(bad.status).toBe(401);
    expect(bad.headers.get("www-authenticate")).toContain("Bearer");
    const forbidden = await post(commsToken, fixture("yahoo-cfl.eml"));
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: "forbidden" } });
  });
});

describe("upload and list", () => {
  it("records each uploaded report on its own: good ones counted, broken ones named", async () => {
    const good = text("yahoo-cfl.eml").replaceAll("jane.doe@yahoo.com", "ann@yahoo.com");
    const { files } = await recordComplaintFiles({
      actor: admin,
      input: {
        files: [
          new File([good], "ann.eml", { type: "message/rfc822" }),
          new File([fixture("broken-missing-original.eml")], "broken.eml"),
        ],
        reports: [{ name: "ann-again.eml", content: good }],
      },
    });
    expect(files.map((f) => [f.index, f.name, f.ok])).toEqual([
      [0, "ann.eml", true],
      [1, "broken.eml", false],
      [2, "ann-again.eml", true],
    ]);
    expect(files[0].ok && files[0].result.matched?.senderId).toBe(senderId);
    expect(files[1].ok ? null : files[1]).toMatchObject({
      code: "validation_failed",
      message: expect.stringMatching(/original message headers are missing/),
    });
    expect(files[2].ok && files[2].result.duplicate).toBe(true);
    expect(await complaintStats(senderId)).toEqual({ minute: 3, hour: 3 });
    // The JSON form the authorization matrix posts: a generated report, fresh each time.
    const uploadRaw = (raw: unknown) =>
      atEdge(uploadComplaintsSchema, raw, (input) => recordComplaintFiles({ actor: admin, input }));
    const generated = await uploadRaw({
      reports: [
        { name: "matrix.eml", content: arfSample("m1", { senderId: MAILRU_SENDER_ID, feedbackType: "not-spam" }) },
      ],
    });
    // Its X-Switchyard-Sender header is the sender's own claim: not trusted.
    expect(generated.files[0]).toMatchObject({
      ok: true,
      result: { duplicate: false, feedbackType: "not-spam", matched: null },
    });
    await expect(uploadRaw({ files: [new File([], "")] })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { files: [expect.stringMatching(/at least one/)] },
    });
  });

  it("lists complaints newest first with sender names, page by page", async () => {
    const first = await listComplaints({ limit: 2 });
    expect(first.rows).toHaveLength(2);
    expect(first.nextBefore).toBeTruthy();
    const all = [];
    let before: string | null | undefined;
    do {
      const page = await listComplaints({ limit: 2, before: before ?? undefined });
      all.push(...page.rows);
      before = page.nextBefore;
    } while (before);
    const total = (await getDb().select().from(deliveryEvents).where(eq(deliveryEvents.type, "complained"))).length;
    expect(all).toHaveLength(total);
    expect(new Set(all.map((r) => r.eventId)).size).toBe(total);
    for (let i = 1; i < all.length; i++) expect(all[i - 1].at.getTime()).toBeGreaterThanOrEqual(all[i].at.getTime());
    expect(all.find((r) => r.senderId === senderId)).toMatchObject({ senderName, feedbackType: "abuse" });
    expect(all.find((r) => r.messageId === "<jmrp-0001.5f0c@notify.example.org>")).toMatchObject({
      senderId: null,
      senderName: null,
    });
    // Well-formed (it parses at the page's edge) but naming no position: refused by the listing.
    await expect(atEdge(listComplaintsSchema, { before: "bm9wZQ" }, listComplaints)).rejects.toMatchObject({
      code: "validation_failed",
      message: "before: before must be a cursor from the previous page",
    });
  });
});

describe("a forged complaint cannot suspend a sender", () => {
  it("X-Switchyard-Sender naming a sender with relay-reported volume: no match, no kill switch; the relay's tag for its message: suspended", async () => {
    await setSetting({ actor: admin, key: "reputation.minVolume", value: 1 });
    try {
      const victim = await makeActiveSender(admin, (await makeDomain(admin)).id);
      const { relay } = await registerRelay({ actor: admin, input: { name: "relay-volume" } });
      const at = new Date().toISOString();
      const delivered = Array.from({ length: 10 }, (_, i) => ({
        id: `dlv.victim-${i}`,
        type: "delivered",
        at,
        senderId: victim.id,
        messageId: `<v${i}@victim.example>`,
        recipient: `r${i}@example.net`,
      }));
      await ingestEvents({ relayId: relay.id, input: { events: await asRelayed(relay.id, delivered) } });

      const forged = await recordComplaint({
        actor: admin,
        input: { report: arfSample("forged-v1", { senderId: victim.id }) },
      });
      expect(forged.matched).toBeNull();
      expect(await engagedKillSwitchFor("sender", victim.id)).toBeNull();

      const messageId = "<sample-tagged-v1@example.com>";
      const tagged = arfSample("tagged-v1", { senderId: victim.id }).replace(
        `X-Switchyard-Sender: ${victim.id}`,
        `X-Switchyard-Tag: ${relayTag({ senderId: victim.id, queueId: "Q-VICTIM.1", messageId })}`,
      );
      const genuine = await recordComplaint({ actor: admin, input: { report: tagged } });
      expect(genuine.matched).toMatchObject({ by: "header", senderId: victim.id });
      // 1 complaint in 10 delivered is far past the 0.5 % suspension level.
      expect(await engagedKillSwitchFor("sender", victim.id)).toMatchObject({ scope: "sender", targetId: victim.id });
    } finally {
      await setSetting({ actor: admin, key: "reputation.minVolume", value: 100 });
    }
  });
});
