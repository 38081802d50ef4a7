import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { and, eq, isNull } from "drizzle-orm";
import { zipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as uploadRoute } from "@/app/api/v1/dmarc-reports/route";
import { GET as postureRoute } from "@/app/api/v1/domains/[id]/posture/route";
import { getDb } from "@/db/client";
import { alerts, auditLog, dmarcRecords, dmarcReports, dmarcSourceMarks, senders } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { type DmarcReportSource, ingestDmarcReport } from "@/lib/dmarc/ingest-report";
import { listDomainSources } from "@/lib/dmarc/list-sources";
import { clearDmarcSourceMark, markDmarcSource } from "@/lib/dmarc/mark-source";
import { pathToReject } from "@/lib/dmarc/path-to-reject";
import { clearReverseDnsCache } from "@/lib/dmarc/reverse-dns";
import { passRateSeries, reportWindow } from "@/lib/dmarc/source-stats";
import { scanWatchDirectory } from "@/lib/dmarc/watch-directory";
import { addDomain } from "@/lib/domains/add-domain";
import { AppError } from "@/lib/errors";
import { createResolver, type PostureResolver } from "@/lib/posture/dns-resolver";
import type { Finding } from "@/lib/posture/finding";
import { runPostureJobs } from "@/lib/posture/run-posture-jobs";
import { domainPostureSchema, ingestResultSchema } from "@/lib/server/api/operations/posture";
import { setSetting } from "@/lib/settings/settings";
import { clearSourceMarkSchema, markSourceSchema } from "@/lib/validations/posture";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";
import { type DnsTestServer, startDnsServer } from "../support/dns-server";

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, "../fixtures/dmarc", name));
const DAY = 86_400;

let server: DnsTestServer;
let resolver: PostureResolver;
let infra: Actor;
let admin: Actor;
let acmeId: string;
let tmpDir: string;

// A small report for acme.example (or another domain), built inline.
function report(opts: {
  id: string;
  begin: number;
  rows: { ip: string; count: number; dkim?: string; spf?: string }[];
  domain?: string;
  org?: string;
}): Buffer {
  const records = opts.rows
    .map(
      (r) =>
        `<record><row><source_ip>${r.ip}</source_ip><count>${r.count}</count><policy_evaluated><disposition>none</disposition><dkim>${r.dkim ?? "fail"}</dkim><spf>${r.spf ?? "fail"}</spf></policy_evaluated></row><identifiers><header_from>${opts.domain ?? "acme.example"}</header_from></identifiers></record>`,
    )
    .join("");
  return Buffer.from(
    `<?xml version="1.0"?><feedback><report_metadata><org_name>${opts.org ?? "receiver.example"}</org_name><report_id>${opts.id}</report_id><date_range><begin>${opts.begin}</begin><end>${opts.begin + DAY - 1}</end></date_range></report_metadata><policy_published><domain>${opts.domain ?? "acme.example"}</domain><p>none</p></policy_published>${records}</feedback>`,
  );
}

const ingest = (file: Buffer, source: DmarcReportSource = "upload", actor: Actor = infra) =>
  ingestDmarcReport({ actor, input: { file, source }, resolver });
// A source mark as the dashboard form sends it, parsed at the edge the way the action does.
const markRaw = (input: unknown) =>
  atEdge(markSourceSchema, input, (parsed) => markDmarcSource({ actor: infra, input: parsed }));
const clearMarkRaw = (input: unknown) =>
  atEdge(clearSourceMarkSchema, input, (parsed) => clearDmarcSourceMark({ actor: infra, input: parsed }));

beforeAll(async () => {
  server = await startDnsServer({
    "7.12.83.45.in-addr.arpa": { PTR: ["o1.ptr4321.hubspotemail.net"] },
    "8.12.83.45.in-addr.arpa": { PTR: ["host-8.cheap-vps.example"] },
    "acme.example": { TXT: ["v=spf1 ip4:192.0.2.10 -all"] },
  });
  resolver = createResolver({ servers: [server.address], timeoutMs: 500, tries: 1 });
  // runPostureJobs uses the process-wide resolver: point it at the local server too.
  process.env.SWITCHYARD_DNS_SERVERS = server.address;
  clearReverseDnsCache();
  infra = await makeActor("infra");
  admin = await makeActor("admin");
  acmeId = (await addDomain({ actor: infra, input: { domain: "acme.example", algorithm: "ed25519" } })).domain.id;
  await getDb()
    .insert(senders)
    .values({
      name: "Billing app",
      slug: "billing-app",
      kind: "internal_cloud",
      ownerTeam: "Finance",
      contactEmail: "finance@acme.example",
      purpose: "Invoices",
      allowedCidrs: ["198.51.100.0/24"],
      rateLimitPerMinute: 60,
      rateLimitPerDay: 10_000,
      reviewDate: "2030-01-01",
      status: "active",
    });
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-dmarc-"));
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(tmpDir, { recursive: true, force: true });
});

describe("DMARC report ingest", () => {
  it("stores a Google report with its records, matched to the sending domain, audited", async () => {
    const result = await ingest(fixture("google.xml"));
    expect(result).toMatchObject({
      duplicate: false,
      records: 4,
      messages: 1765,
      orgName: "google.com",
      reportId: "10293847561029384756",
      domain: "acme.example",
      domainId: acmeId,
      format: "xml",
    });
    const rows = await getDb().select().from(dmarcRecords).where(eq(dmarcRecords.reportId, result.id));
    expect(rows).toHaveLength(4);
    expect(rows.find((r) => r.sourceIp === "54.240.27.10")).toMatchObject({
      count: 300,
      dkimResult: "fail",
      spfResult: "fail",
      dkimDomain: "myworkday.com",
    });
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dmarc_report.ingest"), eq(auditLog.targetId, result.id)));
    expect(entry).toMatchObject({
      actorId: infra.id,
      after: { orgName: "google.com", records: 4, messages: 1765, source: "upload", format: "xml" },
    });
  });

  it("ignores the same report again (gzip this time): no new rows, no error, no audit entry", async () => {
    const before = (await getDb().select().from(dmarcRecords)).length;
    const audits = (await getDb().select().from(auditLog).where(eq(auditLog.action, "dmarc_report.ingest"))).length;
    const again = await ingest(zlib.gzipSync(fixture("google.xml")));
    expect(again).toMatchObject({ duplicate: true, format: "gzip", domainId: acmeId });
    expect((await getDb().select().from(dmarcRecords)).length).toBe(before);
    expect((await getDb().select().from(auditLog).where(eq(auditLog.action, "dmarc_report.ingest"))).length).toBe(
      audits,
    );
  });

  it("stores Microsoft (zip) and Yahoo reports, and a report for an unregistered domain without a match", async () => {
    expect(
      await ingest(
        Buffer.from(
          zipSync({
            "enterprise.protection.outlook.com!acme.example!1717286400!1717372800.xml": fixture("microsoft.xml"),
          }),
        ),
      ),
    ).toMatchObject({ format: "zip", records: 3, duplicate: false });
    expect(await ingest(fixture("yahoo.xml"))).toMatchObject({ records: 1, messages: 12 });
    const other = await ingest(
      report({ id: "other-1", begin: 1717200000, domain: "elsewhere.example", rows: [{ ip: "192.0.2.99", count: 5 }] }),
    );
    expect(other).toMatchObject({ domainId: null, duplicate: false });
  });

  it("refuses a broken report with a clear error and stores nothing", async () => {
    const before = (await getDb().select().from(dmarcReports)).length;
    await expect(ingest(Buffer.from("<feedback><report_metadata></feedback>"))).rejects.toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("not well-formed XML"),
    });
    await expect(ingest(Buffer.from("<feedback/>"))).rejects.toBeInstanceOf(AppError);
    expect((await getDb().select().from(dmarcReports)).length).toBe(before);
  });
});

describe("sources, pass rate and the path to p=reject", () => {
  it("classifies every source: relay, registered sender, providers by range / authenticated domain, unknown", async () => {
    const { sources, window } = await listDomainSources({ domainId: acmeId, resolver });
    expect(window.hasReports).toBe(true);
    const byIp = Object.fromEntries(sources.map((s) => [s.sourceIp, s]));
    expect(Object.keys(byIp).sort()).toEqual([
      "167.89.55.12",
      "192.0.2.10",
      "192.161.147.20",
      "198.51.100.25",
      "2001:db8::25",
      "203.0.113.50",
      "209.85.220.41",
      "54.240.27.10",
    ]);
    expect(byIp["192.0.2.10"]).toMatchObject({
      messages: 1200,
      dmarcPass: 1200,
      classification: { kind: "relay" },
      highlight: false,
      registration: null,
    });
    expect(byIp["198.51.100.25"]).toMatchObject({
      classification: { kind: "sender", label: "Billing app" },
      highlight: false,
    });
    expect(byIp["54.240.27.10"]).toMatchObject({
      classification: { kind: "provider", label: "Workday", via: "auth-domain", catalogVendor: "workday" },
      highlight: true,
    });
    expect(byIp["54.240.27.10"].registration).toEqual({
      label: "Register Workday",
      href: "/senders/new?name=Workday&kind=saas&vendor=workday&cidrs=54.240.27.10%2F32",
    });
    expect(byIp["209.85.220.41"]).toMatchObject({
      classification: { kind: "provider", providerId: "google", via: "range", network: "209.85.128.0/17" },
    });
    expect(byIp["167.89.55.12"].classification).toMatchObject({ providerId: "sendgrid", via: "auth-domain" });
    expect(byIp["192.161.147.20"].classification).toMatchObject({ label: "Zendesk", via: "range" });
    expect(byIp["192.161.147.20"].registration?.href).toBe(
      "/senders/new?name=Zendesk&kind=saas&vendor=zendesk&cidrs=192.161.144.0%2F20",
    );
    expect(byIp["203.0.113.50"]).toMatchObject({
      messages: 250,
      dmarcPass: 0,
      classification: { kind: "unknown" },
      highlight: true,
      registration: { label: "Register as sender" },
    });
    expect(byIp["203.0.113.50"].dispositions).toEqual({ none: 250, quarantine: 0, reject: 0 });
    expect(sources[0].sourceIp).toBe("192.0.2.10");
  });

  it("gives the DMARC pass rate per day", async () => {
    const window = await reportWindow("acme.example");
    expect(await passRateSeries({ domain: "acme.example", from: window.from, to: window.to })).toEqual([
      { day: "2024-06-01", messages: 1765, dmarcPass: 1215, passRate: 68.8 },
      { day: "2024-06-02", messages: 51, dmarcPass: 40, passRate: 78.4 },
      { day: "2024-06-03", messages: 12, dmarcPass: 0, passRate: 0 },
    ]);
  });

  it("marks a source as spoofing (audited, kept, no longer highlighted) and takes it back", async () => {
    await expect(
      markRaw({ domainId: acmeId, sourceIp: "203.0.113.50", verdict: "spoofing", note: " " }),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { note: expect.any(Array) } });
    await expect(markRaw({ domainId: acmeId, sourceIp: "nope", verdict: "spoofing", note: "x" })).rejects.toMatchObject(
      { fieldErrors: { sourceIp: expect.any(Array) } },
    );
    const mark = await markRaw({
      domainId: acmeId,
      sourceIp: "203.0.113.50",
      verdict: "spoofing",
      note: "Not ours: a VPS range",
    });
    expect(mark).toMatchObject({ domain: "acme.example", sourceIp: "203.0.113.50", verdict: "spoofing" });
    await markRaw({ domainId: acmeId, sourceIp: "2001:DB8:0::25", verdict: "spoofing", note: "Unknown IPv6 host" });
    const { sources } = await listDomainSources({ domainId: acmeId, resolver });
    const spoof = sources.find((s) => s.sourceIp === "203.0.113.50")!;
    expect(spoof).toMatchObject({
      highlight: false,
      registration: null,
      mark: { verdict: "spoofing", note: "Not ours: a VPS range", markedBy: infra.label },
    });
    expect(sources.find((s) => s.sourceIp === "2001:db8::25")?.mark?.verdict).toBe("spoofing");
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dmarc_source.mark"), eq(auditLog.targetId, "acme.example 203.0.113.50")));
    expect(entry).toMatchObject({ actorId: infra.id, reason: "Not ours: a VPS range", after: { verdict: "spoofing" } });

    await markRaw({ domainId: acmeId, sourceIp: "192.0.2.77", verdict: "spoofing", note: "temporary" });
    await clearMarkRaw({ domainId: acmeId, sourceIp: "192.0.2.77", reason: "mistake" });
    expect(await getDb().select().from(dmarcSourceMarks).where(eq(dmarcSourceMarks.sourceIp, "192.0.2.77"))).toEqual(
      [],
    );
    await expect(clearMarkRaw({ domainId: acmeId, sourceIp: "192.0.2.77", reason: "again" })).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("the checklist turns green only when legitimate sources pass and every failing source is accounted for", async () => {
    const findings: Finding[] = [
      { id: "spf.present", area: "spf", severity: "ok", title: "ok", fix: null },
      { id: "dmarc.policy", area: "dmarc", severity: "warning", title: "p=none", fix: "x", data: { p: "none" } },
      { id: "dmarc.rua", area: "dmarc", severity: "ok", title: "ok", fix: null },
    ];
    const state = async () => {
      const { sources, window } = await listDomainSources({ domainId: acmeId, resolver });
      const checklist = pathToReject({ findings, sources, hasReports: window.hasReports });
      return { ...checklist, byId: Object.fromEntries(checklist.items.map((i) => [i.id, i.state])) };
    };
    const before = await state();
    expect(before.byId).toEqual({
      spf: "done",
      dkim: "done",
      "dmarc-record": "done",
      "legitimate-pass": "done",
      "sources-reviewed": "todo",
      policy: "todo",
    });
    expect(before.ready).toBe(false);
    expect(before.items.find((i) => i.id === "sources-reviewed")?.detail).toContain("54.240.27.10 (Workday)");
    // Registering Workday makes it one of ours: now its failing mail blocks the legitimate-pass item.
    await getDb()
      .insert(senders)
      .values({
        name: "Workday",
        slug: "workday",
        kind: "saas",
        vendor: "workday",
        ownerTeam: "HR",
        contactEmail: "hr@acme.example",
        purpose: "HR notices",
        allowedCidrs: ["54.240.27.10/32"],
        rateLimitPerMinute: 60,
        rateLimitPerDay: 1000,
        reviewDate: "2030-01-01",
        status: "active",
      });
    const registered = await state();
    expect(registered.byId["legitimate-pass"]).toBe("todo");
    expect(registered.items.find((i) => i.id === "legitimate-pass")?.detail).toContain(
      "Workday (54.240.27.10): 0.0% pass",
    );
    // Workday fixed (DKIM aligned): a new day of reports where it passes; the rest marked as spoofing.
    await getDb().delete(senders).where(eq(senders.slug, "workday"));
    for (const ip of ["54.240.27.10", "167.89.55.12", "192.161.147.20"])
      await markRaw({ domainId: acmeId, sourceIp: ip, verdict: "spoofing", note: "reviewed" });
    const green = await state();
    expect(green.byId).toEqual({
      spf: "done",
      dkim: "done",
      "dmarc-record": "done",
      "legitimate-pass": "done",
      "sources-reviewed": "done",
      policy: "todo",
    });
    expect(green.ready).toBe(true);
    expect(green.items.at(-1)?.detail).toContain("publish p=quarantine, then p=reject");
    for (const ip of ["54.240.27.10", "167.89.55.12", "192.161.147.20"])
      await clearMarkRaw({ domainId: acmeId, sourceIp: ip, reason: "test reset" });
  });
});

describe("DMARC alerts", () => {
  const openAlerts = (kind: string) =>
    getDb()
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, kind), isNull(alerts.resolvedAt)));

  it("an unknown source over the volume threshold raises one alert; small, known and reverse-DNS-known sources do not", async () => {
    const unknown = await openAlerts("dmarc_unknown_source");
    expect(unknown.map((a) => a.dedupeKey)).toEqual(["dmarc_unknown_source:acme.example:203.0.113.50"]);
    expect(unknown[0]).toMatchObject({
      severity: "warning",
      subjectType: "sending_domain",
      subjectId: acmeId,
      detail: { sourceIp: "203.0.113.50", messages: 250 },
    });
    expect(unknown[0].title).toBe("Unknown source 203.0.113.50 sent 250 messages as acme.example");
    // HubSpot by reverse DNS: no alert; an unknown VPS: alert. The same source again: no second alert.
    await ingest(
      report({
        id: "rdns-1",
        begin: 1717459200,
        rows: [
          { ip: "45.83.12.7", count: 500 },
          { ip: "45.83.12.8", count: 150 },
          { ip: "203.0.113.50", count: 400 },
        ],
      }),
    );
    const after = (await openAlerts("dmarc_unknown_source")).map((a) => a.dedupeKey).sort();
    expect(after).toEqual([
      "dmarc_unknown_source:acme.example:203.0.113.50",
      "dmarc_unknown_source:acme.example:45.83.12.8",
    ]);
    const { sources } = await listDomainSources({ domainId: acmeId, resolver });
    expect(sources.find((s) => s.sourceIp === "45.83.12.7")).toMatchObject({
      reverseName: "o1.ptr4321.hubspotemail.net",
      classification: { label: "HubSpot", via: "reverse-dns" },
    });
  });

  it("the domain falling out of DMARC alignment raises a critical alert, resolved when it recovers", async () => {
    await ingest(
      report({
        id: "align-1",
        begin: 1718000000,
        rows: [
          { ip: "192.0.2.10", count: 80 },
          { ip: "192.0.2.10", count: 20, dkim: "pass" },
        ],
      }),
    );
    const [alert] = await openAlerts("dmarc_alignment");
    expect(alert).toMatchObject({
      severity: "critical",
      dedupeKey: "dmarc_alignment:acme.example",
      detail: { messages: 100, dmarcPass: 20, failingSources: ["192.0.2.10"] },
    });
    expect(alert.title).toContain("only 20.0% of its own mail passes");
    await ingest(
      report({
        id: "align-2",
        begin: 1718000000 + 3 * DAY,
        rows: [{ ip: "192.0.2.10", count: 1000, dkim: "pass", spf: "pass" }],
      }),
    );
    expect(await openAlerts("dmarc_alignment")).toEqual([]);
  });
});

describe("watched directory and the scheduled jobs", () => {
  it("ingests dropped reports, moving them to processed/, and leaves other files alone", async () => {
    fs.writeFileSync(path.join(tmpDir, "google.xml.gz"), zlib.gzipSync(fixture("google.xml")));
    fs.writeFileSync(
      path.join(tmpDir, "new.xml"),
      report({ id: "watch-1", begin: 1718500000, rows: [{ ip: "192.0.2.10", count: 7, dkim: "pass" }] }),
    );
    fs.writeFileSync(path.join(tmpDir, "junk.pdf"), "%PDF-1.7 not a report");
    fs.writeFileSync(path.join(tmpDir, "fresh.xml"), report({ id: "watch-2", begin: 1718500000, rows: [] }));
    const now = Date.now() + 10_000;
    fs.utimesSync(path.join(tmpDir, "fresh.xml"), now / 1000, now / 1000);
    const result = await scanWatchDirectory({ dir: tmpDir, now, resolver });
    expect(result).toEqual({ dir: tmpDir, ingested: 1, duplicates: 1, failed: 0 });
    expect(fs.readdirSync(path.join(tmpDir, "processed")).sort()).toEqual(["google.xml.gz", "new.xml"]);
    // Not a report: left where it is (tests/integration/dmarc-watch-directory.test.ts).
    expect(fs.existsSync(path.join(tmpDir, "junk.pdf"))).toBe(true);
    // Too new to be complete yet: left for the next scan.
    expect(fs.existsSync(path.join(tmpDir, "fresh.xml"))).toBe(true);
    const [stored] = await getDb().select().from(dmarcReports).where(eq(dmarcReports.reportId, "watch-1"));
    expect(stored).toMatchObject({ source: "watch:new.xml", receivedBy: null });
  });

  it("runPostureJobs checks due domains and scans the directory from the settings", async () => {
    await setSetting({ actor: admin, key: "dmarc.watchDir", value: tmpDir });
    fs.utimesSync(path.join(tmpDir, "fresh.xml"), Date.now() / 1000 - 60, Date.now() / 1000 - 60);
    const result = await runPostureJobs();
    expect(result.dnsChecks).toEqual({ checked: 1, failed: 0 });
    expect(result.watchDir).toMatchObject({ ingested: 1, failed: 0 });
  });
});

describe("HTTP API", () => {
  let token: string;
  let commsToken: string;
  beforeAll(async () => {
    token = (await createApiToken({ actor: infra, input: { name: "dmarc-upload", expiresInDays: 90 } })).token;
    const comms = await makeActor("comms");
    commsToken = (await createApiToken({ actor: comms, input: { name: "comms-read", expiresInDays: 90 } })).token;
  });
  const upload = (body: BodyInit, type: string, bearer = token) =>
    uploadRoute(
      new Request("http://localhost/api/v1/dmarc-reports", {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": type },
        body,
      }),
    );

  it("POST /api/v1/dmarc-reports: 201 new, 200 duplicate, 422 naming the problem, 413, 415 wrong type naming the accepted ones, 403 read-only role", async () => {
    const file = zlib.gzipSync(
      report({ id: "api-1", begin: 1718600000, rows: [{ ip: "192.0.2.10", count: 3, dkim: "pass" }] }),
    );
    const created = await upload(file, "application/gzip");
    expect(created.status).toBe(201);
    const body = await created.json();
    expect(ingestResultSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({ reportId: "api-1", duplicate: false, records: 1, format: "gzip" });
    expect(created.headers.get("x-ratelimit-limit")).toBeTruthy();
    const again = await upload(file, "application/octet-stream");
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    const broken = await upload(
      Buffer.from("<feedback><report_metadata><org_name>x</org_name></report_metadata></feedback>"),
      "application/xml",
    );
    expect(broken.status).toBe(422);
    expect((await broken.json()).error.message).toContain("report_metadata/report_id is missing");
    const huge = await upload(Buffer.alloc(11 * 1024 * 1024, 0x20), "text/xml");
    expect(huge.status).toBe(413);
    const wrongType = await upload(Buffer.from("<a/>"), "application/json");
    expect(wrongType.status).toBe(415);
    expect((await wrongType.json()).error).toMatchObject({
      code: "unsupported_media_type",
      message: expect.stringContaining("application/xml, text/xml, application/gzip"),
    });
    expect((await upload(file, "application/gzip", commsToken)).status).toBe(403);
  });

  it("GET /api/v1/domains/{id}/posture answers the documented shape; a read-only role may read it", async () => {
    const response = await postureRoute(
      new Request(`http://localhost/api/v1/domains/${acmeId}/posture?days=90`, {
        headers: { authorization: `Bearer ${commsToken}` },
      }),
      {
        params: Promise.resolve({ id: acmeId }),
      },
    );
    const body = await response.json();
    expect(response.status, JSON.stringify(body)).toBe(200);
    expect(domainPostureSchema.parse(body)).toEqual(body);
    expect(body.sources.length).toBeGreaterThan(5);
    expect(body.pathToReject.items).toHaveLength(6);
    const missing = await postureRoute(
      new Request("http://localhost/api/v1/domains/00000000-0000-4000-8000-000000000000/posture", {
        headers: { authorization: `Bearer ${commsToken}` },
      }),
      {
        params: Promise.resolve({ id: "00000000-0000-4000-8000-000000000000" }),
      },
    );
    expect(missing.status).toBe(404);
  });
});

// Last, so its acme.example records do not change the source lists asserted above.
describe("a report with an empty org_name (RFC 7489 allows it)", () => {
  it("is stored under its reporter's email domain, and the same report again is a duplicate", async () => {
    const file = fixture("empty-org-name.xml");
    const first = await ingest(file, "api");
    expect(first).toMatchObject({
      duplicate: false,
      orgName: "mail.reporter.example",
      reportId: "c2f1e6b04a7d4e0b9f1d2a3c4b5e6f70",
      records: 2,
      messages: 45,
      domainId: acmeId,
    });
    const again = await ingest(zlib.gzipSync(file));
    expect(again).toMatchObject({ duplicate: true, id: first.id });
    const stored = await getDb()
      .select()
      .from(dmarcReports)
      .where(eq(dmarcReports.reportId, "c2f1e6b04a7d4e0b9f1d2a3c4b5e6f70"));
    expect(stored.map((r) => r.orgName)).toEqual(["mail.reporter.example"]);
    expect(await getDb().select().from(dmarcRecords).where(eq(dmarcRecords.reportId, first.id))).toHaveLength(2);
    // The next day's report from the same reporter is a new report.
    const next = file
      .toString()
      .replace("c2f1e6b04a7d4e0b9f1d2a3c4b5e6f70", "d3a2f7c15b8e5f1c0a2e3b4d5c6f7081")
      .replace("1717632000", "1717718400")
      .replace("1717718399", "1717804799");
    expect(await ingest(Buffer.from(next))).toMatchObject({ duplicate: false, orgName: "mail.reporter.example" });
  });
});
