// The Deliverability page's data: events ingested through the relay contract's ingest function,
// read back from the rollups by deliverabilityDashboard, through GET /api/v1/deliverability with a
// real API token, and as CSV through GET /api/v1/deliverability/export.csv.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as exportCsv } from "@/app/api/v1/deliverability/export.csv/route";
import { GET as getDashboard } from "@/app/api/v1/deliverability/route";
import { getDb } from "@/db/client";
import { NIL_UUID, senderThresholds } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { type DeliverabilityDashboard, deliverabilityDashboard } from "@/lib/deliverability/dashboard";
import { OUTCOMES } from "@/lib/deliverability/rates";
import { cellValue, DELIVERABILITY_TABLES, tableOf } from "@/lib/deliverability/table-columns";
import { ingestEvents } from "@/lib/events/ingest-events";
import { registerRelay } from "@/lib/relays/register-relay";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

const MINUTE_MS = 60_000;
let relayId: string;
let commsToken: string;
let a: { id: string; name: string };
let b: { id: string; name: string };
let domainA: string;
let domainB: string;
// All events happen at one instant ten minutes ago, inside every preset range.
const at = new Date(Math.floor((Date.now() - 10 * MINUTE_MS) / MINUTE_MS) * MINUTE_MS + 7_000);
// A fixed custom range around them, so two reads of it are identical.
const custom = {
  range: "custom",
  from: new Date(at.getTime() - 30 * MINUTE_MS).toISOString(),
  to: new Date(at.getTime() + 30 * MINUTE_MS).toISOString(),
};
let n = 0;

function ev(
  type: string,
  senderId: string | null,
  from: string | null,
  recipientDomain: string,
  extra: Record<string, unknown> = {},
) {
  n++;
  return {
    id: `dash-${n.toString().padStart(6, "0")}`,
    type,
    at: at.toISOString(),
    senderId,
    from,
    recipient: `user${n}@${recipientDomain}`,
    ...extra,
  };
}
const times = <T>(count: number, make: () => T) => Array.from({ length: count }, make);

beforeAll(async () => {
  const admin: Actor = await makeActor("admin");
  const comms = await makeActor("comms");
  commsToken = (await createApiToken({ actor: comms, input: { name: "comms-dash", expiresInDays: 90 } })).token;
  relayId = (await registerRelay({ actor: admin, input: { name: `relay-dash-${Date.now()}` } })).relay.id;
  const dA = await makeDomain(admin);
  const dB = await makeDomain(admin);
  domainA = dA.domain;
  domainB = dB.domain;
  a = await makeActiveSender(admin, dA.id, { name: "Payroll, EU" });
  b = await makeActiveSender(admin, dB.id, { name: "Shop" });
  const fa = `noreply@${domainA}`;
  const fb = `orders@${domainB}`;
  const events = [
    // Sender A: 10 accepted (6 gmail, 4 outlook), 8 delivered, 1 hard bounce, 1 deferred, 1 complaint.
    ...times(6, () => ev("accepted", a.id, fa, "gmail.com")),
    ...times(4, () => ev("accepted", a.id, fa, "outlook.com")),
    ...times(5, () => ev("delivered", a.id, fa, "gmail.com")),
    ...times(3, () => ev("delivered", a.id, fa, "outlook.com")),
    ev("bounced", a.id, fa, "outlook.com", { bounceType: "hard", smtpCode: 550 }),
    ev("deferred", a.id, fa, "gmail.com"),
    ev("complained", a.id, fa, "gmail.com"),
    ...times(2, () => ev("rejected", a.id, fa, "gmail.com", { reason: "rate" })),
    ev("rejected", a.id, fa, "outlook.com", { reason: "kill_switch" }),
    // Sender B: 5 accepted and delivered to yahoo.com.
    ...times(5, () => ev("accepted", b.id, fb, "yahoo.com")),
    ...times(5, () => ev("delivered", b.id, fb, "yahoo.com")),
    // Failed authentication: no sender.
    ...times(3, () => ev("rejected", null, "x@spoofed.example", "gmail.com", { reason: "auth" })),
  ];
  const result = await ingestEvents({ relayId, input: { events: await asRelayed(relayId, events) } });
  expect(result).toMatchObject({ accepted: events.length, invalid: [] });
});

const sumSeries = (d: DeliverabilityDashboard) =>
  Object.fromEntries(OUTCOMES.map((o) => [o, d.series.reduce((s, p) => s + p[o], 0)]));

describe("deliverabilityDashboard", () => {
  it("totals, breakdowns, reasons and series equal what was ingested", async () => {
    const d = await deliverabilityDashboard({ query: { range: "1h" } });
    expect(d).toMatchObject({ rollup: "minute", stepSeconds: 60, query: { range: "1h" } });
    expect(d.totals).toMatchObject({
      accepted: 15,
      delivered: 13,
      bounced: 1,
      deferred: 1,
      complained: 1,
      rejected: 6,
    });
    expect(d.totals.deliveryRate).toBeCloseTo(13 / 14, 10);
    expect(d.totals.bounceRate).toBeCloseTo(1 / 14, 10);
    expect(d.totals.complaintRate).toBeCloseTo(1 / 13, 10);
    expect(sumSeries(d)).toEqual({ accepted: 15, rejected: 6, delivered: 13, deferred: 1, bounced: 1, complained: 1 });
    expect(d.series.length).toBeGreaterThanOrEqual(60);
    expect(d.series.length).toBeLessThanOrEqual(61);
    expect(d.series.filter((p) => p.accepted > 0)).toHaveLength(1);

    const domains = Object.fromEntries(d.byRecipientDomain.map((r) => [r.key, r]));
    expect(Object.keys(domains).sort()).toEqual(["gmail.com", "outlook.com", "yahoo.com"]);
    expect(domains["gmail.com"]).toMatchObject({
      accepted: 6,
      delivered: 5,
      deferred: 1,
      complained: 1,
      rejected: 5,
      bounced: 0,
      deliveryRate: 1,
    });
    expect(domains["outlook.com"]).toMatchObject({
      accepted: 4,
      delivered: 3,
      bounced: 1,
      rejected: 1,
      deliveryRate: 0.75,
      bounceRate: 0.25,
    });
    expect(domains["yahoo.com"]).toMatchObject({ accepted: 5, delivered: 5 });

    const senders = Object.fromEntries(d.bySender.map((r) => [r.key, r]));
    expect(senders[a.id]).toMatchObject({ label: "Payroll, EU", accepted: 10, delivered: 8, bounced: 1, rejected: 3 });
    expect(senders[b.id]).toMatchObject({ label: "Shop", accepted: 5, delivered: 5, bounceRate: 0 });
    expect(senders[NIL_UUID]).toMatchObject({ rejected: 3, accepted: 0 });

    const reasons = Object.fromEntries(d.rejectionReasons.map((r) => [r.reason, r]));
    expect(reasons.auth).toMatchObject({ label: "Authentication", count: 3, share: 0.5 });
    expect(reasons.rate).toMatchObject({ label: "Rate limit", count: 2 });
    expect(reasons.kill_switch).toMatchObject({ count: 1 });
    // Every known reason is listed, with zero where none happened, most frequent first.
    expect(reasons.domain).toMatchObject({ count: 0, share: 0 });
    expect(reasons.policy).toMatchObject({ count: 0 });
    expect(d.rejectionReasons[0].reason).toBe("auth");
  });

  it("chooses the bucket size from the range and keeps the same totals", async () => {
    const week = await deliverabilityDashboard({ query: { range: "7d" } });
    expect(week).toMatchObject({ rollup: "hour", stepSeconds: 3600 });
    expect(week.series.length).toBeGreaterThanOrEqual(168);
    const month = await deliverabilityDashboard({ query: { range: "30d" } });
    expect(month).toMatchObject({ rollup: "day", stepSeconds: 86_400 });
    expect(month.series.length).toBeGreaterThanOrEqual(30);
    const day = await deliverabilityDashboard({ query: { range: "24h" } });
    expect(day).toMatchObject({ rollup: "minute", stepSeconds: 900 });
    for (const d of [week, month, day]) expect(d.totals).toMatchObject({ accepted: 15, delivered: 13, rejected: 6 });
  });

  it("filters by sender, sending domain and recipient domain", async () => {
    const bOnly = await deliverabilityDashboard({ query: { range: "24h", senderId: b.id } });
    expect(bOnly.totals).toMatchObject({ accepted: 5, delivered: 5, rejected: 0, bounced: 0 });
    expect(bOnly.byRecipientDomain.map((r) => r.key)).toEqual(["yahoo.com"]);
    expect(sumSeries(bOnly).accepted).toBe(5);

    const fromA = await deliverabilityDashboard({ query: { range: "24h", fromDomain: domainA.toUpperCase() } });
    expect(fromA.totals).toMatchObject({ accepted: 10, delivered: 8, rejected: 3 });
    expect(fromA.bySender.map((r) => r.key)).toEqual([a.id]);

    const gmail = await deliverabilityDashboard({ query: { range: "24h", recipientDomain: "gmail.com" } });
    expect(gmail.totals).toMatchObject({ accepted: 6, delivered: 5, rejected: 5, complained: 1 });
    expect(gmail.rejectionReasons.filter((r) => r.count > 0).map((r) => [r.reason, r.count])).toEqual([
      ["auth", 3],
      ["rate", 2],
    ]);

    const both = await deliverabilityDashboard({
      query: { range: "24h", senderId: a.id, recipientDomain: "outlook.com" },
    });
    expect(both.totals).toMatchObject({ accepted: 4, delivered: 3, bounced: 1, rejected: 1 });

    const none = await deliverabilityDashboard({ query: { range: "24h", recipientDomain: "nowhere.example" } });
    expect(none.totals.accepted).toBe(0);
    expect(none.bySender).toEqual([]);
  });

  it("honours a custom range, and refuses bad ones naming the field", async () => {
    expect((await deliverabilityDashboard({ query: custom })).totals.accepted).toBe(15);
    const before = {
      range: "custom",
      from: new Date(at.getTime() - 120 * MINUTE_MS).toISOString(),
      to: new Date(at.getTime() - 60 * MINUTE_MS).toISOString(),
    };
    expect((await deliverabilityDashboard({ query: before })).totals.accepted).toBe(0);
    await expect(
      deliverabilityDashboard({ query: { range: "custom", from: custom.to, to: custom.from } }),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { to: ["The end must be after the start"] } });
    await expect(deliverabilityDashboard({ query: { range: "2w" } })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { range: expect.any(Array) },
    });
  });

  it("draws the global thresholds, or the filtered sender's own", async () => {
    const global = await deliverabilityDashboard({ query: { range: "1h" } });
    expect(global.thresholds).toEqual({
      scope: "global",
      bounceWarnPct: 5,
      bounceSuspendPct: 10,
      complaintWarnPct: 0.1,
      complaintSuspendPct: 0.5,
    });
    await getDb().insert(senderThresholds).values({ senderId: a.id, bounceWarnPct: 2, complaintSuspendBp: 30 });
    const own = await deliverabilityDashboard({ query: { range: "1h", senderId: a.id } });
    expect(own.thresholds).toEqual({
      scope: "sender",
      bounceWarnPct: 2,
      bounceSuspendPct: 10,
      complaintWarnPct: 0.1,
      complaintSuspendPct: 0.3,
    });
    expect((await deliverabilityDashboard({ query: { range: "1h", senderId: b.id } })).thresholds.scope).toBe("global");
  });
});

const call = (path: string, params: Record<string, string>, token: string | null = commsToken) =>
  new Request(`http://localhost${path}?${new URLSearchParams(params)}`, {
    headers: token ? { authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.20" } : {},
  });

// RFC 4180 reader for the export's answer.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      cells.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      cells.push(cell);
      rows.push(cells);
      cells = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

describe("GET /api/v1/deliverability", () => {
  it("answers 200 with the same data as the page, for a comms API token", async () => {
    const response = await getDashboard(call("/api/v1/deliverability", { ...custom, senderId: a.id }));
    expect(response.status).toBe(200);
    expect(response.headers.get("x-ratelimit-limit")).toBeTruthy();
    const body = (await response.json()) as DeliverabilityDashboard;
    const direct = JSON.parse(JSON.stringify(await deliverabilityDashboard({ query: { ...custom, senderId: a.id } })));
    expect({ ...body, generatedAt: null }).toEqual({ ...direct, generatedAt: null });
    expect(body.totals).toMatchObject({ accepted: 10, delivered: 8 });
  });

  it("answers 422 naming the bad parameters, 401 without a usable token", async () => {
    const bad = await getDashboard(
      call("/api/v1/deliverability", { range: "custom", from: "yesterday", senderId: "not-a-uuid" }),
    );
    expect(bad.status).toBe(422);
    const { error } = (await bad.json()) as { error: { code: string; fieldErrors: Record<string, string[]> } };
    expect(error.code).toBe("validation_failed");
    expect(Object.keys(error.fieldErrors).sort()).toEqual(["from", "senderId", "to"]);
    expect((await getDashboard(call("/api/v1/deliverability", { range: "1h" }, "syapi_garbage"))).status).toBe(401);
  });
});

describe("GET /api/v1/deliverability/export.csv", () => {
  it("answers each table as a CSV file whose rows equal the table's rows", async () => {
    const direct = await deliverabilityDashboard({ query: custom });
    for (const table of DELIVERABILITY_TABLES) {
      const response = await exportCsv(call("/api/v1/deliverability/export.csv", { ...custom, table }));
      expect(response.status, table).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(
        new RegExp(`^attachment; filename="deliverability-${table}-\\d{8}T\\d{4}Z-\\d{8}T\\d{4}Z\\.csv"$`),
      );
      expect(response.headers.get("x-ratelimit-remaining")).toBeTruthy();
      const [header, ...lines] = parseCsv(await response.text());
      const { columns, rows } = tableOf(table, direct);
      expect(header).toEqual(columns.map((c) => c.header));
      expect(lines).toEqual(rows.map((row) => columns.map((c) => cellValue(c, row as never))));
    }
  });

  it("quotes a sender name with a comma, and its figures are the sender row's", async () => {
    const response = await exportCsv(call("/api/v1/deliverability/export.csv", { ...custom, table: "senders" }));
    const text = await response.text();
    expect(text).toContain('"Payroll, EU",10,8,1,1,3,1,88.89,11.11,12.50\r\n');
    expect(text.split("\r\n")[0]).toBe(
      "Sender,Accepted,Delivered,Deferred,Bounced,Rejected,Complained,Delivery rate (%),Bounce rate (%),Complaint rate (%)",
    );
  });

  it("answers 422 for an unknown table, in JSON", async () => {
    const response = await exportCsv(call("/api/v1/deliverability/export.csv", { range: "1h", table: "everything" }));
    expect(response.status).toBe(422);
    expect(
      ((await response.json()) as { error: { fieldErrors: Record<string, string[]> } }).error.fieldErrors,
    ).toHaveProperty("table");
  });
});
