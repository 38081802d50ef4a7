import { describe, expect, it } from "vitest";
import { classifySource } from "@/lib/dmarc/classify-source";
import { KNOWN_PROVIDERS, providerByHost } from "@/lib/dmarc/known-providers";
import type { SourceRow } from "@/lib/dmarc/list-sources";
import { pathToReject } from "@/lib/dmarc/path-to-reject";
import { ipInNetworks } from "@/lib/posture/ip-match";
import { VENDOR_IDS } from "@/lib/senders/vendor-catalog";

const context = {
  egress: ["192.0.2.10", "2001:db8:10::/64"],
  senders: [{ id: "00000000-0000-4000-8000-000000000001", name: "Billing app", allowedCidrs: ["198.51.100.0/24"] }],
};

describe("source classification", () => {
  it("relay first, then a registered sender by its networks", () => {
    expect(classifySource("192.0.2.10", context)).toMatchObject({ kind: "relay", via: "egress" });
    expect(classifySource("2001:db8:10::25", context)).toMatchObject({ kind: "relay" });
    expect(classifySource("198.51.100.77", context)).toMatchObject({
      kind: "sender",
      label: "Billing app",
      senderId: context.senders[0].id,
    });
  });

  it("an empty egress list or a sender without networks claims nothing", () => {
    const empty = { egress: [], senders: [{ id: "x", name: "Anywhere", allowedCidrs: [] }] };
    expect(classifySource("203.0.113.9", empty).kind).toBe("unknown");
    expect(ipInNetworks("203.0.113.9", [])).toBe(false);
    expect(ipInNetworks("10.0.0.200", ["10.0.0.5/24"])).toBe(true);
    expect(ipInNetworks("::ffff:10.0.0.1", ["10.0.0.0/8"])).toBe(true);
  });

  it("known providers by authenticated domain, published range, or reverse DNS, in that order", () => {
    expect(classifySource("54.240.27.10", context)).toMatchObject({
      kind: "provider",
      providerId: "amazonses",
      via: "range",
      network: "54.240.0.0/18",
    });
    expect(classifySource("54.240.27.10", context, { authDomains: ["bounce.myworkday.com"] })).toMatchObject({
      providerId: "workday",
      catalogVendor: "workday",
      via: "auth-domain",
    });
    expect(classifySource("2a00:1450:4864:20::52a", context)).toMatchObject({ providerId: "google", via: "range" });
    expect(classifySource("45.83.12.7", context, { reverseNames: ["o1.ptr4321.hubspotemail.net"] })).toMatchObject({
      providerId: "hubspot",
      via: "reverse-dns",
    });
    expect(classifySource("45.83.12.7", context, { reverseNames: ["evil-hubspotemail.net"] }).kind).toBe("unknown");
    expect(providerByHost("MAIL-OUT.SENDGRID.NET.")?.id).toBe("sendgrid");
  });

  it("every provider's registration vendor is in the sender catalog, and every range parses", () => {
    for (const provider of KNOWN_PROVIDERS) {
      if (provider.catalogVendor) expect(VENDOR_IDS, provider.id).toContain(provider.catalogVendor);
      for (const range of provider.ranges)
        expect(ipInNetworks(range.split("/")[0], [range]), `${provider.id} ${range}`).toBe(true);
    }
  });
});

describe("path to p=reject", () => {
  const row = (
    ip: string,
    kind: SourceRow["classification"]["kind"],
    messages: number,
    dmarcPass: number,
    mark = false,
  ): SourceRow => ({
    sourceIp: ip,
    messages,
    dmarcPass,
    spfPass: dmarcPass,
    dkimPass: dmarcPass,
    dispositions: { none: messages, quarantine: 0, reject: 0 },
    firstSeen: new Date(0),
    lastSeen: new Date(0),
    reports: 1,
    authDomains: [],
    classification: { kind, label: kind },
    reverseName: null,
    mark: mark ? { verdict: "spoofing", note: null, markedAt: new Date(0), markedBy: null } : null,
    highlight: (kind === "unknown" || kind === "provider") && !mark,
    registration: null,
  });
  const findings = (p: string) => [
    { id: "dmarc.policy", area: "dmarc" as const, severity: "ok" as const, title: "", fix: null, data: { p } },
  ];

  it("is pending without a check or reports, and green only when every condition holds", () => {
    expect(pathToReject({ findings: null, sources: [], hasReports: false }).items.map((i) => i.state)).toEqual([
      "pending",
      "pending",
      "pending",
      "pending",
      "pending",
      "pending",
    ]);
    const failing = pathToReject({
      findings: findings("none"),
      sources: [row("192.0.2.10", "relay", 1000, 900)],
      hasReports: true,
    });
    expect(failing.items.find((i) => i.id === "legitimate-pass")).toMatchObject({
      state: "todo",
      detail: expect.stringContaining("90.0% pass"),
    });
    const green = pathToReject({
      findings: findings("quarantine"),
      sources: [
        row("192.0.2.10", "relay", 1000, 995),
        row("203.0.113.5", "unknown", 50, 0, true),
        row("209.85.220.41", "provider", 10, 10),
      ],
      hasReports: true,
    });
    expect(green.ready).toBe(true);
    expect(green.items.at(-1)).toMatchObject({ id: "policy", state: "todo" });
    const enforced = pathToReject({
      findings: findings("reject"),
      sources: [row("192.0.2.10", "relay", 1000, 1000)],
      hasReports: true,
    });
    expect(enforced.items.every((i) => i.state === "done")).toBe(true);
    const unreviewed = pathToReject({
      findings: findings("reject"),
      sources: [row("192.0.2.10", "relay", 1000, 1000), row("203.0.113.5", "unknown", 50, 0)],
      hasReports: true,
    });
    expect(unreviewed.ready).toBe(false);
  });
});
