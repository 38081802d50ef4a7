// Content security made visible (issue 13): a virus a relay refused raises an alert (one per
// sender per hour) that the webhook delivers; a scanner a heartbeat reports down raises one that
// its recovery resolves; the relay list (page and API) carries each relay's scanners.
import { and, eq, like } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/relay/v1/events/route";
import { POST as postHeartbeat } from "@/app/api/relay/v1/heartbeat/route";
import { GET as getRelays } from "@/app/api/v1/relays/route";
import { getDb } from "@/db/client";
import { type Alert, alerts, type RelayScannerState } from "@/db/schema";
import { deliverDueWebhooks } from "@/lib/alerts/deliver-webhooks";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { deliverabilityDashboard } from "@/lib/deliverability/dashboard";
import { overviewFacts } from "@/lib/overview/overview-facts";
import { listRelays } from "@/lib/relays/list-relays";
import { registerRelay } from "@/lib/relays/register-relay";
import { scannerDownKey } from "@/lib/relays/scanner-alerts";
import { listRelaysOperation } from "@/lib/server/api/operations/relays";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

let admin: Actor;
let domainId: string;
let n = 0;

beforeAll(async () => {
  admin = await makeActor("admin");
  domainId = (await makeDomain(admin)).id;
});

async function relay(name: string) {
  const { relay, token } = await registerRelay({ actor: admin, input: { name: `${name}-${++n}` } });
  const post = async (path: "events" | "heartbeat", body: unknown) => {
    const request = new Request(`http://localhost/api/relay/v1/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const response = await (path === "events" ? postEvents : postHeartbeat)(request);
    return { status: response.status, body: await response.json() };
  };
  const beat = (scanners: Partial<RelayScannerState>[]) =>
    post("heartbeat", {
      softwareVersion: "switchyard-relay/test",
      policyVersion: null,
      policyAppliedAt: null,
      queueDepth: 0,
      scanners: scanners.map((s) => ({ version: null, signatureDate: null, detail: null, ...s })),
    });
  return { id: relay.id, name: relay.name, post, beat };
}

const virus = (senderId: string | null, signature: string, extra: Record<string, unknown> = {}) => ({
  id: `virus-event-${++n}`,
  type: "rejected",
  at: new Date().toISOString(),
  senderId,
  from: "billing@shop.example.com",
  recipient: `u${n}@gmail.com`,
  reason: "virus",
  smtpCode: 554,
  enhancedCode: "5.7.1",
  detail: signature,
  ...extra,
});

const alertsWith = (kind: string, subjectId: string) =>
  getDb()
    .select()
    .from(alerts)
    .where(and(eq(alerts.kind, kind), eq(alerts.subjectId, subjectId)));
const open = (rows: Alert[]) => rows.filter((a) => a.resolvedAt === null);

describe("a virus the relay refused raises an alert", () => {
  it("names the sender, relay and signature, once per sender per hour, and goes out by webhook", async () => {
    const r = await relay("relay-virus");
    const sender = await makeActiveSender(admin, domainId);
    const first = virus(sender.id, "Win.Test.EICAR_HDB-1");
    expect((await r.post("events", { events: [first] })).body).toMatchObject({ accepted: 1 });

    let rows = await alertsWith("virus", sender.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      severity: "critical",
      subjectType: "sender",
      title: `Virus from ${sender.name} refused by relay ${r.name}: Win.Test.EICAR_HDB-1`,
      detail: { sender: sender.name, relay: r.name, signatures: ["Win.Test.EICAR_HDB-1"], messages: 1 },
      webhookStatus: "pending",
      resolvedAt: null,
    });

    // Within the hour: another virus, and the first batch retried, add nothing.
    await r.post("events", { events: [virus(sender.id, "Eicar-Signature")] });
    expect((await r.post("events", { events: [first] })).body).toMatchObject({ accepted: 0, duplicates: 1 });
    rows = await alertsWith("virus", sender.id);
    expect(rows).toHaveLength(1);

    // The alert goes through the existing webhook delivery.
    const sent: string[] = [];
    await setSetting({ actor: admin, key: "alerts.webhookUrl", value: "https://hooks.example.com/services/T0/B0" });
    await deliverDueWebhooks({
      fetcher: (async (_url: string, init: RequestInit) => {
        sent.push(String(init.body));
        return new Response("ok");
      }) as typeof fetch,
    });
    expect(sent.join("\n")).toContain(`Virus from ${sender.name} refused by relay ${r.name}`);
    expect((await alertsWith("virus", sender.id))[0].webhookStatus).toBe("sent");

    // An hour later the sender is still sending viruses: the old alert is superseded by a new one.
    await getDb()
      .update(alerts)
      .set({ createdAt: new Date(Date.now() - 61 * 60 * 1000) })
      .where(eq(alerts.id, rows[0].id));
    await r.post("events", { events: [virus(sender.id, "Win.Trojan.Agent-1"), virus(sender.id, "Eicar-Signature")] });
    rows = await alertsWith("virus", sender.id);
    expect(rows).toHaveLength(2);
    expect(open(rows)).toHaveLength(1);
    expect(open(rows)[0]).toMatchObject({
      title: `Virus from ${sender.name} refused by relay ${r.name}: Win.Trojan.Agent-1`,
      detail: { signatures: ["Win.Trojan.Agent-1", "Eicar-Signature"], messages: 2 },
    });
  });

  it("keeps senders apart, names an unmatched sender by its envelope address, ignores other rejections", async () => {
    const r = await relay("relay-virus-2");
    const a = await makeActiveSender(admin, domainId);
    const b = await makeActiveSender(admin, domainId);
    await r.post("events", {
      events: [
        virus(a.id, "Eicar-Signature"),
        virus(b.id, "Eicar-Signature"),
        virus(null, "Eicar-Signature", { from: "Stranger@Elsewhere.example" }),
        { ...virus(a.id, ""), reason: "spam", detail: "score 15.2" },
      ],
    });
    expect(await alertsWith("virus", a.id)).toHaveLength(1);
    expect(await alertsWith("virus", b.id)).toHaveLength(1);
    const [stranger] = await getDb().select().from(alerts).where(like(alerts.dedupeKey, "virus:from:%"));
    expect(stranger.title).toBe(`Virus from Stranger@Elsewhere.example refused by relay ${r.name}: Eicar-Signature`);
    expect(stranger.dedupeKey).toBe("virus:from:stranger@elsewhere.example");
  });
});

describe("a scanner reported down raises an alert", () => {
  it("raises once when it goes down, resolves when it comes back, raises again on a relapse", async () => {
    const r = await relay("relay-scanners");
    const clamdUp = {
      name: "clamd" as const,
      up: true,
      version: "ClamAV 1.4.6",
      signatureDate: "Wed Dec  2 09:21:00 2026",
    };
    const rspamdUp = { name: "rspamd" as const, up: true, version: "3.8.1" };
    expect((await r.beat([clamdUp, rspamdUp])).status).toBe(200);
    expect(await alertsWith("scanner_down", r.id)).toHaveLength(0);

    const rspamdDown = { name: "rspamd" as const, up: false, detail: "connect ECONNREFUSED 127.0.0.1:11333" };
    await r.beat([clamdUp, rspamdDown]);
    await r.beat([clamdUp, rspamdDown]);
    let rows = await alertsWith("scanner_down", r.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      severity: "critical",
      subjectType: "relay",
      title: `rspamd down on relay ${r.name}: connect ECONNREFUSED 127.0.0.1:11333`,
      dedupeKey: scannerDownKey(r.id, "rspamd"),
      resolvedAt: null,
    });

    await r.beat([clamdUp, rspamdUp]);
    rows = await alertsWith("scanner_down", r.id);
    expect(open(rows)).toHaveLength(0);

    await r.beat([clamdUp, rspamdDown]);
    expect(open(await alertsWith("scanner_down", r.id))).toHaveLength(1);
    // No longer reported (the relay stopped using it): resolved as well.
    await r.beat([clamdUp]);
    expect(open(await alertsWith("scanner_down", r.id))).toHaveLength(0);
  });

  it("raises for a scanner down in a relay's first report", async () => {
    const r = await relay("relay-no-clamd");
    await r.beat([{ name: "clamd", up: false, detail: "connect ENOENT /run/clamav/clamd.ctl" }]);
    const rows = await alertsWith("scanner_down", r.id);
    expect(rows.map((a) => a.title)).toEqual([`clamd down on relay ${r.name}: connect ENOENT /run/clamav/clamd.ctl`]);
  });
});

describe("the relay list carries each relay's scanners", () => {
  it("on the page's data and in GET /api/v1/relays, as the documented schema says", async () => {
    const r = await relay("relay-listed");
    const silent = await relay("relay-silent");
    const scanners = [
      { name: "clamd", up: true, version: "ClamAV 1.4.6", signatureDate: "Wed Dec  2 09:21:00 2026", detail: null },
      { name: "rspamd", up: false, version: null, signatureDate: null, detail: "timeout after 5000 ms" },
    ] as const;
    await r.beat([...scanners]);
    const listed = (await listRelays()).relays;
    expect(listed.find((x) => x.id === r.id)?.scanners).toEqual(scanners);
    expect(listed.find((x) => x.id === silent.id)?.scanners).toEqual([]);

    const infra = await makeActor("infra");
    const { token } = await createApiToken({ actor: infra, input: { name: "infra-relays", expiresInDays: 30 } });
    const response = await getRelays(
      new Request("http://localhost/api/v1/relays", { headers: { authorization: `Bearer ${token}` } }),
      { params: Promise.resolve({}) },
    );
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(listRelaysOperation.response.safeParse(body).success).toBe(true);
    expect(body.relays.find((x: { id: string }) => x.id === r.id).scanners).toEqual(scanners);
  });
});

describe("content rejections in Deliverability and the Overview", () => {
  it("break a sender's rejections down by content reason, and sum today's on the Overview", async () => {
    const r = await relay("relay-stats");
    const sender = await makeActiveSender(admin, domainId);
    const before = (await overviewFacts()).deliverability.contentRejections;
    const reject = (reason: string) => ({ ...virus(sender.id, `${reason} refusal`), reason });
    await r.post("events", {
      events: [reject("virus"), reject("dlp"), reject("dlp"), reject("attachment"), reject("spam"), reject("rate")],
    });

    const { rejectionReasons } = await deliverabilityDashboard({ query: { range: "24h", senderId: sender.id } });
    const count = (reason: string) => rejectionReasons.find((x) => x.reason === reason);
    expect(count("dlp")).toMatchObject({ label: "Data loss prevention (DLP)", count: 2 });
    expect(count("virus")).toMatchObject({ label: "Virus", count: 1 });
    expect(count("attachment")).toMatchObject({ label: "Blocked attachment", count: 1 });
    expect(count("spam")?.count).toBe(1);
    expect(count("scanner")?.count).toBe(0);
    expect(count("rate")?.count).toBe(1);

    const after = (await overviewFacts()).deliverability.contentRejections;
    // Five content rejections; the rate limit is not one.
    expect(after.total - before.total).toBe(5);
    const delta = (reason: string) =>
      (after.reasons.find((x) => x.reason === reason)?.count ?? 0) -
      (before.reasons.find((x) => x.reason === reason)?.count ?? 0);
    expect([delta("virus"), delta("dlp"), delta("attachment"), delta("spam"), delta("rate")]).toEqual([1, 2, 1, 1, 0]);
    expect(after.reasons.some((x) => x.reason === "rate")).toBe(false);
  });
});
