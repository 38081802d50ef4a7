import { and, eq, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { alerts, auditLog, dnsChecks } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { addDomain } from "@/lib/domains/add-domain";
import { dkimTxtValue } from "@/lib/domains/dns-records";
import { checkDomain } from "@/lib/posture/check-domain";
import { checkDueDomains, dueDomainIds } from "@/lib/posture/check-due-domains";
import { createResolver, dnsServersFromEnv, type PostureResolver } from "@/lib/posture/dns-resolver";
import { latestDnsChecks } from "@/lib/posture/latest-checks";
import { makeActor } from "../support/actors";
import { type DnsTestServer, startDnsServer, type Zones } from "../support/dns-server";

const REPORT = "mailto:dmarc-reports@example.com";
const GOOD_SPF = "v=spf1 ip4:192.0.2.10 -all";
const GOOD_DMARC = `v=DMARC1; p=reject; rua=${REPORT}; adkim=s; aspf=s`;
// A real-shaped Ed25519 public key that is not the one Switchyard holds.
const OTHER_KEY = "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";

let server: DnsTestServer;
let resolver: PostureResolver;
let infra: Actor;
const domains = new Map<string, { id: string; selector: string; record: string }>();
const timings: number[] = [];

function zonesFor(
  overrides: Partial<Record<string, { spf?: string[]; dkim?: string[] | null; dmarc?: string[] }>> = {},
): Zones {
  const zones: Zones = {
    "sendgrid.net": { TXT: ["v=spf1 ip4:167.89.0.0/17 ip4:149.72.0.0/16 -all"] },
  };
  for (let i = 0; i < 11; i++) zones[`inc${i}.vendor.example`] = { TXT: [`v=spf1 ip4:198.51.100.${i} -all`] };
  for (const [name, { selector, record }] of domains) {
    const o = overrides[name] ?? {};
    zones[name] = { TXT: o.spf ?? [GOOD_SPF], A: ["192.0.2.80"] };
    if (o.dkim !== null) zones[`${selector}._domainkey.${name}`] = { TXT: o.dkim ?? [record] };
    zones[`_dmarc.${name}`] = { TXT: o.dmarc ?? [GOOD_DMARC] };
  }
  return zones;
}

const BROKEN = {
  "nospf.example": { spf: ["google-site-verification=abc"] },
  "twospf.example": { spf: [GOOD_SPF, "v=spf1 include:sendgrid.net -all"] },
  "eleven.example": {
    spf: [
      `v=spf1 ip4:192.0.2.10 ${Array.from({ length: 11 }, (_, i) => `include:inc${i}.vendor.example`).join(" ")} -all`,
    ],
  },
  "plusall.example": { spf: ["v=spf1 ip4:192.0.2.10 +all"] },
  "saas.example": { spf: ["v=spf1 ip4:192.0.2.10 include:sendgrid.net ~all"] },
  "nodkim.example": { dkim: null },
  "wrongkey.example": { dkim: [`v=DKIM1; k=ed25519; p=${OTHER_KEY}`] },
  "pnone.example": { dmarc: ["v=DMARC1; p=none"] },
};

beforeAll(async () => {
  infra = await makeActor("infra");
  for (const name of ["good.example", "rsa.example", ...Object.keys(BROKEN)]) {
    const { domain, key } = await addDomain({
      actor: infra,
      input: { domain: name, algorithm: name === "rsa.example" ? "rsa" : "ed25519" },
    });
    domains.set(name, { id: domain.id, selector: key.selector, record: dkimTxtValue(key) });
  }
  // UDP answers capped below an RSA 2048 DKIM record: those come truncated and are asked again over TCP.
  server = await startDnsServer(zonesFor(BROKEN), { maxUdpBytes: 400 });
  resolver = createResolver({ servers: [server.address], timeoutMs: 1_000, tries: 1 });
});

afterAll(async () => {
  await server?.close();
  if (timings.length)
    console.log(
      `[figures] DNS check per domain against the local server: median ${timings.sort((a, b) => a - b)[Math.floor(timings.length / 2)]} ms, max ${Math.max(...timings)} ms (${timings.length} checks)`,
    );
});

async function check(name: string, actor: Actor = SYSTEM_ACTOR) {
  const result = await checkDomain({ actor, input: { domainId: domains.get(name)!.id }, resolver });
  timings.push(result.durationMs);
  return result;
}
const severityOf = (findings: { id: string; severity: string }[], id: string) =>
  findings.find((f) => f.id === id)?.severity;

describe("DNS health checks against a local DNS server", () => {
  it("a good domain (Ed25519 and RSA 2048 split over TXT strings) is ok on every count", async () => {
    for (const name of ["good.example", "rsa.example"]) {
      const result = await check(name);
      expect(result.status).toBe("ok");
      const { selector } = domains.get(name)!;
      expect(result.findings.map((f) => `${f.id}=${f.severity}`)).toEqual([
        "spf.present=ok",
        "spf.all=ok",
        "spf.lookups=ok",
        "spf.egress=ok",
        `dkim.ok:${selector}=ok`,
        "dmarc.present=ok",
        "dmarc.policy=ok",
        "dmarc.alignment=ok",
        "dmarc.rua=ok",
      ]);
      const [row] = await getDb().select().from(dnsChecks).where(eq(dnsChecks.id, result.id));
      expect(row).toMatchObject({ status: "ok", domainId: domains.get(name)!.id });
      expect(row.durationMs).toBeGreaterThanOrEqual(0);
    }
    const rsaSelector = `${domains.get("rsa.example")!.selector}._domainkey.rsa.example`;
    expect(server.queries.filter((q) => q.name === rsaSelector).map((q) => q.transport)).toEqual(["udp", "tcp"]);
  });

  it("finds each broken zone's problem, with severity and a fix", async () => {
    const expected: Record<string, [string, string]> = {
      "nospf.example": ["spf.missing", "critical"],
      "twospf.example": ["spf.multiple", "critical"],
      "eleven.example": ["spf.lookups", "critical"],
      "plusall.example": ["spf.all", "critical"],
      "saas.example": ["spf.shared-include:sendgrid.net", "warning"],
      "nodkim.example": [`dkim.missing:${domains.get("nodkim.example")!.selector}`, "critical"],
      "wrongkey.example": [`dkim.mismatch:${domains.get("wrongkey.example")!.selector}`, "critical"],
      "pnone.example": ["dmarc.policy", "warning"],
    };
    for (const [name, [id, severity]] of Object.entries(expected)) {
      const result = await check(name);
      const found = result.findings.find((f) => f.id === id);
      expect(found, `${name} should report ${id}`).toMatchObject({ severity });
      expect(found?.fix, `${name}: ${id} has a fix`).toBeTruthy();
      expect(result.status).toBe(severity === "critical" ? "critical" : "warning");
    }
    const missing = (await check("nospf.example")).findings[0];
    expect(missing.record).toEqual({ name: "nospf.example", value: GOOD_SPF });
    const dkim = (await check("nodkim.example")).findings.find((f) => f.id.startsWith("dkim.missing"));
    expect(dkim?.record).toEqual({
      name: `${domains.get("nodkim.example")!.selector}._domainkey.nodkim.example`,
      value: domains.get("nodkim.example")!.record,
    });
    const pnone = await check("pnone.example");
    expect(pnone.findings.find((f) => f.id === "dmarc.policy")?.data).toMatchObject({ p: "none" });
    expect(severityOf(pnone.findings, "dmarc.rua")).toBe("warning");
  });

  it("a critical domain raises one alert; fixing DNS resolves it", async () => {
    const id = domains.get("plusall.example")!.id;
    await check("plusall.example");
    const open = await getDb()
      .select()
      .from(alerts)
      .where(and(eq(alerts.subjectId, id), isNull(alerts.resolvedAt)));
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      kind: "dns_posture_critical",
      severity: "critical",
      subjectType: "sending_domain",
    });
    expect(open[0].title).toContain("+all");
    server.setZones(zonesFor({ ...BROKEN, "plusall.example": {} }));
    expect((await check("plusall.example")).status).toBe("ok");
    const after = await getDb().select().from(alerts).where(eq(alerts.subjectId, id));
    expect(after).toHaveLength(1);
    expect(after[0].resolvedAt).not.toBeNull();
    server.setZones(zonesFor(BROKEN));
  });

  it("a DNS failure is a warning, not a missing record", async () => {
    server.setZones({ ...zonesFor(BROKEN), "good.example": { servfail: true } });
    const result = await check("good.example");
    expect(severityOf(result.findings, "spf.lookup-failed")).toBe("warning");
    expect(result.findings.some((f) => f.id === "spf.missing")).toBe(false);
    server.setZones(zonesFor(BROKEN));
  });

  it("a check someone runs is audited; a scheduled one is not", async () => {
    const id = domains.get("good.example")!.id;
    const before = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dns_check.run"), eq(auditLog.targetId, id)));
    await check("good.example");
    await check("good.example", infra);
    const entries = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "dns_check.run"), eq(auditLog.targetId, id)));
    expect(entries.length - before.length).toBe(1);
    expect(entries.at(-1)).toMatchObject({ actorId: infra.id, after: { status: "ok" } });
  });

  it("the schedule checks only domains whose last check is older than the interval", async () => {
    expect(await dueDomainIds()).toEqual([]);
    const later = new Date(Date.now() + 61 * 60 * 1000);
    expect((await dueDomainIds({ now: later })).length).toBe(domains.size);
    const before = (await getDb().select().from(dnsChecks)).length;
    const outcome = await checkDueDomains({ now: later, resolver });
    expect(outcome).toEqual({ checked: domains.size, failed: 0 });
    expect((await getDb().select().from(dnsChecks)).length).toBe(before + domains.size);
    const latest = await latestDnsChecks();
    expect(latest.get(domains.get("nospf.example")!.id)?.status).toBe("critical");
    expect(latest.get(domains.get("good.example")!.id)?.status).toBe("ok");
  });

  it("reads the resolver's servers from SWITCHYARD_DNS_SERVERS", () => {
    expect(dnsServersFromEnv(" 127.0.0.1:5353, [::1]:53 ,")).toEqual(["127.0.0.1:5353", "[::1]:53"]);
    expect(dnsServersFromEnv("")).toBeNull();
  });
});
