import { describe, expect, it } from "vitest";
import { DnsLookupError, type PostureResolver } from "@/lib/posture/dns-resolver";
import { worstStatus } from "@/lib/posture/finding";
import { checkSpf } from "@/lib/posture/spf-check";
import { checkHost, walkSpfTree } from "@/lib/posture/spf-evaluate";
import { parseSpf, withMechanisms } from "@/lib/posture/spf-record";

type Zone = Record<string, { TXT?: string[]; A?: string[]; AAAA?: string[]; MX?: string[]; fail?: boolean }>;

// An in-memory resolver: unit tests need no network; the integration test uses a real DNS server.
function fakeResolver(zone: Zone): PostureResolver & { asked: string[] } {
  const asked: string[] = [];
  const get = (type: "TXT" | "A" | "AAAA" | "MX") => async (name: string) => {
    asked.push(`${type} ${name}`);
    const entry = zone[name.toLowerCase()];
    if (entry?.fail) throw new DnsLookupError(name, type, "ETIMEOUT");
    return entry?.[type] ?? [];
  };
  return { txt: get("TXT"), a: get("A"), aaaa: get("AAAA"), mx: get("MX"), ptr: async () => [], asked };
}

const EGRESS = ["192.0.2.10"];
const ids = (findings: { id: string; severity: string }[]) =>
  Object.fromEntries(findings.map((f) => [f.id, f.severity]));

describe("SPF record syntax", () => {
  it("parses qualifiers, mechanisms with targets and prefixes, and modifiers", () => {
    const parsed = parseSpf(
      "v=spf1 ip4:192.0.2.0/24 ip6:2001:db8::/32 a mx:mail.example.com/24//64 include:_spf.example.net ~all exp=explain.example.com",
    );
    expect(parsed.errors).toEqual([]);
    expect(parsed.terms.map((t) => (t.kind === "mechanism" ? `${t.qualifier}${t.name}` : `${t.name}=`))).toEqual([
      "+ip4",
      "+ip6",
      "+a",
      "+mx",
      "+include",
      "~all",
      "exp=",
    ]);
    expect(parsed.terms[3]).toMatchObject({ target: "mail.example.com", prefix4: 24, prefix6: 64 });
    expect(parsed.terms[0]).toMatchObject({ target: "192.0.2.0", prefix4: 24 });
  });

  it("reports syntax errors receivers treat as permerror", () => {
    expect(parseSpf("v=spf1 ip4:300.1.1.1 -all").errors[0]).toContain("valid IPv4");
    expect(parseSpf("v=spf1 include -all").errors[0]).toContain("needs a domain");
    expect(parseSpf("v=spf1 foo:bar -all").errors[0]).toContain("not an SPF mechanism");
    expect(parseSpf("v=spf1 redirect=a.example redirect=b.example").errors[0]).toContain("more than once");
  });

  it("adds mechanisms before the all term", () => {
    expect(withMechanisms("v=spf1 include:x.example ~all", ["ip4:192.0.2.10"])).toBe(
      "v=spf1 include:x.example ip4:192.0.2.10 ~all",
    );
    expect(withMechanisms("v=spf1 include:x.example", ["ip4:192.0.2.10"])).toBe(
      "v=spf1 include:x.example ip4:192.0.2.10",
    );
  });
});

describe("SPF lookups and evaluation", () => {
  it("counts include, a, mx, ptr, exists and redirect across the include tree", async () => {
    const resolver = fakeResolver({
      "a.example": { TXT: ["v=spf1 include:b.example mx a ip4:192.0.2.10 -all"] },
      "b.example": { TXT: ["v=spf1 exists:%{i}.x.example ptr redirect=c.example"] },
      "c.example": { TXT: ["v=spf1 a -all"] },
    });
    const tree = await walkSpfTree(
      resolver,
      "a.example",
      parseSpf("v=spf1 include:b.example mx a ip4:192.0.2.10 -all"),
    );
    // include b, mx, a (3) + exists, ptr, redirect (3) + a in c (1)
    expect(tree.lookups).toBe(7);
    expect(tree.includes.map((i) => i.domain)).toEqual(["b.example", "c.example"]);
  });

  it("detects an include loop without looping, and caps a runaway tree", async () => {
    const loop = fakeResolver({
      "a.example": { TXT: ["v=spf1 include:b.example -all"] },
      "b.example": { TXT: ["v=spf1 include:a.example -all"] },
    });
    const tree = await walkSpfTree(loop, "a.example", parseSpf("v=spf1 include:b.example -all"));
    expect(tree.problems.map((p) => p.kind)).toEqual(["loop"]);
    const zone: Zone = {};
    for (let i = 0; i < 60; i++) zone[`n${i}.example`] = { TXT: [`v=spf1 include:n${i + 1}.example a a -all`] };
    const capped = await walkSpfTree(fakeResolver(zone), "n0.example", parseSpf(zone["n0.example"].TXT![0]));
    expect(capped.capped).toBe(true);
    expect(capped.lookups).toBeGreaterThan(10);
  });

  it("evaluates check_host: ip4 networks, includes, a records, redirect, qualifiers", async () => {
    const resolver = fakeResolver({
      "a.example": { TXT: ["v=spf1 include:vendor.example a:relay.a.example ~all"] },
      "vendor.example": { TXT: ["v=spf1 ip4:198.51.100.0/24 -all"] },
      "relay.a.example": { A: ["203.0.113.9"] },
      "r.example": { TXT: ["v=spf1 redirect=a.example"] },
      "broken.example": { TXT: ["v=spf1 include:nothing.example -all"] },
      "slow.example": { TXT: ["v=spf1 include:timeout.example -all"] },
      "timeout.example": { fail: true },
    });
    expect(await checkHost(resolver, "198.51.100.77", "a.example")).toBe("pass");
    expect(await checkHost(resolver, "203.0.113.9", "a.example")).toBe("pass");
    expect(await checkHost(resolver, "192.0.2.1", "a.example")).toBe("softfail");
    expect(await checkHost(resolver, "198.51.100.77", "r.example")).toBe("pass");
    expect(await checkHost(resolver, "192.0.2.1", "broken.example")).toBe("permerror");
    expect(await checkHost(resolver, "192.0.2.1", "slow.example")).toBe("temperror");
    expect(await checkHost(resolver, "2001:db8::1", "a.example")).toBe("softfail");
    expect(await checkHost(resolver, "192.0.2.1", "missing.example")).toBe("none");
  });
});

describe("SPF findings", () => {
  it("a good record: present, -all, few lookups, relay authorized", async () => {
    const findings = await checkSpf({
      domain: "good.example",
      egressAddresses: EGRESS,
      resolver: fakeResolver({ "good.example": { TXT: ["v=spf1 ip4:192.0.2.10 -all", "google-site-verification=x"] } }),
    });
    expect(ids(findings)).toEqual({ "spf.present": "ok", "spf.all": "ok", "spf.lookups": "ok", "spf.egress": "ok" });
    expect(worstStatus(findings)).toBe("ok");
  });

  it("missing and duplicated records are critical, with the record to publish", async () => {
    const missing = await checkSpf({ domain: "none.example", egressAddresses: EGRESS, resolver: fakeResolver({}) });
    expect(missing).toEqual([
      expect.objectContaining({
        id: "spf.missing",
        severity: "critical",
        record: { name: "none.example", value: "v=spf1 ip4:192.0.2.10 -all" },
      }),
    ]);
    const two = await checkSpf({
      domain: "two.example",
      egressAddresses: EGRESS,
      resolver: fakeResolver({ "two.example": { TXT: ["v=spf1 -all", "v=spf1 ip4:192.0.2.10 -all"] } }),
    });
    expect(two[0]).toMatchObject({ id: "spf.multiple", severity: "critical" });
    expect(two[0].title).toContain("2 SPF records");
  });

  it("+all is critical, ?all a warning, a missing all a warning", async () => {
    const plus = await checkSpf({
      domain: "p.example",
      egressAddresses: EGRESS,
      resolver: fakeResolver({ "p.example": { TXT: ["v=spf1 ip4:192.0.2.10 +all"] } }),
    });
    expect(plus.find((f) => f.id === "spf.all")).toMatchObject({
      severity: "critical",
      record: { value: "v=spf1 ip4:192.0.2.10 -all" },
    });
    const neutral = await checkSpf({
      domain: "q.example",
      egressAddresses: EGRESS,
      resolver: fakeResolver({ "q.example": { TXT: ["v=spf1 ip4:192.0.2.10 ?all"] } }),
    });
    expect(ids(neutral)["spf.all"]).toBe("warning");
    const open = await checkSpf({
      domain: "o.example",
      egressAddresses: EGRESS,
      resolver: fakeResolver({ "o.example": { TXT: ["v=spf1 ip4:192.0.2.10"] } }),
    });
    expect(ids(open)["spf.all"]).toBe("warning");
  });

  it("11 lookups is critical; 9 warns", async () => {
    const zone: Zone = {};
    const includes = Array.from({ length: 11 }, (_, i) => `include:s${i}.example`);
    for (let i = 0; i < 11; i++) zone[`s${i}.example`] = { TXT: [`v=spf1 ip4:198.51.100.${i} -all`] };
    zone["eleven.example"] = { TXT: [`v=spf1 ip4:192.0.2.10 ${includes.join(" ")} -all`] };
    zone["nine.example"] = { TXT: [`v=spf1 ip4:192.0.2.10 ${includes.slice(0, 9).join(" ")} -all`] };
    const eleven = await checkSpf({ domain: "eleven.example", egressAddresses: EGRESS, resolver: fakeResolver(zone) });
    expect(eleven.find((f) => f.id === "spf.lookups")).toMatchObject({
      severity: "critical",
      title: expect.stringContaining("needs 11 DNS lookups"),
    });
    const nine = await checkSpf({ domain: "nine.example", egressAddresses: EGRESS, resolver: fakeResolver(zone) });
    expect(ids(nine)["spf.lookups"]).toBe("warning");
  });

  it("flags shared SaaS includes, also through a nested include, and Microsoft 365 as info", async () => {
    const resolver = fakeResolver({
      "s.example": { TXT: ["v=spf1 ip4:192.0.2.10 include:_spf.s.example include:spf.protection.outlook.com -all"] },
      "_spf.s.example": { TXT: ["v=spf1 include:sendgrid.net -all"] },
      "sendgrid.net": { TXT: ["v=spf1 ip4:167.89.0.0/17 -all"] },
      "spf.protection.outlook.com": { TXT: ["v=spf1 ip4:40.92.0.0/15 -all"] },
    });
    const findings = await checkSpf({ domain: "s.example", egressAddresses: EGRESS, resolver });
    const sendgrid = findings.find((f) => f.id === "spf.shared-include:sendgrid.net");
    expect(sendgrid).toMatchObject({ severity: "warning" });
    expect(sendgrid?.title).toContain("any SendGrid customer can pass SPF as s.example (through _spf.s.example)");
    expect(sendgrid?.fix).toContain("remove include:sendgrid.net");
    expect(ids(findings)["spf.shared-include:spf.protection.outlook.com"]).toBe("info");
  });

  it("says when the relay is not authorized and gives the corrected record", async () => {
    const findings = await checkSpf({
      domain: "x.example",
      egressAddresses: ["192.0.2.10", "2001:db8::10"],
      resolver: fakeResolver({
        "x.example": { TXT: ["v=spf1 include:y.example ~all"] },
        "y.example": { TXT: ["v=spf1 ip4:198.51.100.0/24 -all"] },
      }),
    });
    const egress = findings.find((f) => f.id === "spf.egress");
    expect(egress).toMatchObject({
      severity: "critical",
      record: { name: "x.example", value: "v=spf1 include:y.example ip4:192.0.2.10 ip6:2001:db8::10 ~all" },
    });
    expect(egress?.title).toContain("192.0.2.10: softfail");
  });

  it("an include without an SPF record is critical; a DNS failure is only a warning", async () => {
    const findings = await checkSpf({
      domain: "i.example",
      egressAddresses: EGRESS,
      resolver: fakeResolver({ "i.example": { TXT: ["v=spf1 ip4:192.0.2.10 include:gone.example -all"] } }),
    });
    expect(findings.find((f) => f.id === "spf.include:gone.example")).toMatchObject({ severity: "critical" });
    const down = await checkSpf({
      domain: "d.example",
      egressAddresses: EGRESS,
      resolver: fakeResolver({ "d.example": { fail: true } }),
    });
    expect(down).toEqual([expect.objectContaining({ id: "spf.lookup-failed", severity: "warning" })]);
  });
});
