// Property test (seeded, reproducible): for random sequences of policy changes, the patch stored for
// version N+1 applied to version N gives N+1, rebuilding any version from its checkpoint and the
// patches after it gives the content built directly, and the readable diff is empty exactly when
// nothing changed.
import { describe, expect, it } from "vitest";
import type { PolicyContent } from "@/lib/policy-history/content";
import { describeDiff } from "@/lib/policy-history/describe-diff";
import { applyPatch, diffObjects, type JsonObject, jsonEqual } from "@/lib/policy-history/patch";
import { contentHash, rebuildFromRows, type StoredRow, storedRowFor } from "@/lib/policy-history/stored-content";
import { prng } from "../support/random";

type Rng = ReturnType<typeof prng>;

const DOMAINS = ["a.example", "b.example", "billing.example.com", "c.example", "d.example"];
const NETS = ["10.0.0.0/8", "10.1.0.0/16", "192.0.2.0/24", "198.51.100.7/32"];

const subset = (rng: Rng, values: string[]) => values.filter(() => rng.next() < 0.4).sort();
let ids = 0;
const newId = (rng: Rng) => `${String(++ids).padStart(4, "0")}-${rng.int(0, 9999)}`;

function randomSender(rng: Rng) {
  return {
    name: `sender ${rng.int(1, 999)}`,
    slug: `s-${rng.int(1, 999)}`,
    fromDomains: subset(rng, DOMAINS),
    fromAddresses: subset(rng, ["*@a.example", "noreply@b.example"]),
    networks: subset(rng, NETS),
    rateLimitPerMinute: rng.int(1, 600),
    rateLimitPerDay: rng.int(1, 100_000),
    contentProfileId: null as string | null,
  };
}

function emptyContent(): PolicyContent {
  return {
    senders: {},
    credentials: {},
    killSwitches: {},
    domains: {},
    contentProfiles: {},
    settings: { maxRecipientsPerMessage: null, tlsRequiredDomains: [] },
  };
}

// One random change, as a domain operation would make it (a fresh object: versions never share mutation).
function mutate(rng: Rng, before: PolicyContent): PolicyContent {
  const c = structuredClone(before);
  const senderIds = Object.keys(c.senders);
  const credentialIds = Object.keys(c.credentials);
  const switchIds = Object.keys(c.killSwitches);
  const profileIds = Object.keys(c.contentProfiles);
  switch (rng.int(0, 11)) {
    case 0:
      c.senders[newId(rng)] = randomSender(rng);
      break;
    case 1:
      if (senderIds.length) delete c.senders[rng.pick(senderIds)];
      break;
    case 2:
      if (senderIds.length) c.senders[rng.pick(senderIds)].networks = subset(rng, NETS);
      break;
    case 3:
      if (senderIds.length) c.senders[rng.pick(senderIds)].fromDomains = subset(rng, DOMAINS);
      break;
    case 4:
      if (senderIds.length) c.senders[rng.pick(senderIds)].rateLimitPerMinute = rng.int(1, 600);
      break;
    case 5:
      if (senderIds.length)
        c.credentials[newId(rng)] = {
          senderId: rng.pick(senderIds),
          username: `u${rng.int(1, 9999)}`,
          hint: `sysmtp_${rng.int(10, 99)}…${rng.int(1000, 9999)}`,
          status: "active",
          expiresAt: rng.next() < 0.5 ? null : new Date(1_800_000_000_000 + rng.int(0, 1e9)).toISOString(),
          networks: subset(rng, NETS),
        };
      break;
    case 6:
      if (credentialIds.length) delete c.credentials[rng.pick(credentialIds)];
      break;
    case 7: {
      const scope = rng.pick(["global", "sender", "credential", "domain"]);
      c.killSwitches[newId(rng)] = {
        scope,
        target: scope === "global" ? null : scope === "domain" ? rng.pick(DOMAINS) : rng.pick([...senderIds, "gone"]),
        reason: `reason ${rng.int(1, 99)}`,
        engagedAt: new Date(1_700_000_000_000 + rng.int(0, 1e9)).toISOString(),
        expiresAt: null,
      };
      break;
    }
    case 8:
      if (switchIds.length) delete c.killSwitches[rng.pick(switchIds)];
      break;
    case 9: {
      const id = newId(rng);
      c.domains[id] = {
        domain: rng.pick(DOMAINS),
        dkim: rng.next() < 0.5 ? null : { selector: `s${rng.int(1, 9)}`, algorithm: "rsa" },
      };
      break;
    }
    case 10:
      if (profileIds.length && rng.next() < 0.5) {
        const p = c.contentProfiles[rng.pick(profileIds)];
        const rules = Object.keys(p.dlpRules);
        if (rules.length && rng.next() < 0.5) delete p.dlpRules[rng.pick(rules)];
        else
          p.dlpRules[newId(rng)] = {
            position: rules.length,
            name: `rule ${rng.int(1, 99)}`,
            detector: "keywords",
            pattern: null,
            flags: null,
            keywords: subset(rng, ["secret", "confidential", "iban"]),
            minCount: rng.int(1, 3),
            near: null,
            action: rng.pick(["reject", "quarantine", "tag"]),
          };
        p.spamScore = rng.int(1, 15);
      } else
        c.contentProfiles[newId(rng)] = {
          name: `profile ${rng.int(1, 99)}`,
          virusScan: rng.next() < 0.5,
          spamScan: rng.next() < 0.5,
          spamScore: rng.int(1, 15),
          spamAction: "reject",
          maxScanBytes: 1_000_000,
          onScannerFailure: "defer",
          attachments: {
            blockedExtensions: subset(rng, ["exe", "js", "zip"]),
            blockedTypes: [],
            maxAttachmentBytes: null,
            scanArchives: true,
            action: "reject",
          },
          dlpRules: {},
        };
      break;
    default:
      if (rng.next() < 0.5) c.settings.maxRecipientsPerMessage = rng.int(1, 500);
      else c.settings.tlsRequiredDomains = subset(rng, DOMAINS);
  }
  return c;
}

const json = (c: PolicyContent) => JSON.parse(JSON.stringify(c)) as JsonObject;
// What jsonb gives back: the same values, keys in another order.
const throughJsonb = <T>(value: T): T => {
  const shuffle = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(shuffle);
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v)
          .reverse()
          .map(([k, x]) => [k, shuffle(x)]),
      );
    return v;
  };
  return shuffle(JSON.parse(JSON.stringify(value))) as T;
};

describe("policy content patches (property, seeded)", () => {
  for (const seed of [1, 7, 42, 2026, 31337]) {
    it(`seed ${seed}: patch(N) on N gives N+1; every version rebuilds from its checkpoint`, () => {
      const rng = prng(seed);
      const checkpointEvery = rng.int(3, 9);
      const versions: JsonObject[] = [json(emptyContent())];
      let current = emptyContent();
      for (let i = 0; i < 300; i++) {
        // Sometimes a bump changes nothing relays see (a quarantine command): an empty patch.
        if (rng.next() > 0.1) current = mutate(rng, current);
        versions.push(json(current));
      }
      // Versions are numbered from 1; version 1 has no predecessor recorded (a checkpoint).
      const rows: StoredRow[] = versions.map((content, i) =>
        throughJsonb(storedRowFor(i + 1, i === 0 ? null : versions[i - 1], content, checkpointEvery)),
      );
      for (let i = 1; i < versions.length; i++) {
        const patch = rows[i].patch;
        expect(patch?.from).toBe(i);
        const applied = applyPatch(versions[i - 1], patch?.changes ?? {});
        expect(jsonEqual(applied, versions[i]), `version ${i + 1} from ${i}`).toBe(true);
        expect(contentHash(applied)).toBe(patch?.hash);
      }
      for (let v = 1; v <= versions.length; v++) {
        const last = v - 1;
        let first = last;
        while (!rows[first].content) first--;
        expect(last - first).toBeLessThan(checkpointEvery);
        const rebuilt = rebuildFromRows(rows.slice(first, last + 1));
        expect(rebuilt && jsonEqual(rebuilt, versions[last]), `rebuild of version ${v}`).toBe(true);
      }
    });
  }

  it("the readable diff is empty exactly when the contents are equal", () => {
    const rng = prng(99);
    let current = emptyContent();
    for (let i = 0; i < 400; i++) {
      const next = mutate(rng, current);
      const lines = describeDiff(current, next);
      expect(lines.length === 0, `step ${i}: ${lines.map((l) => l.text).join(" | ")}`).toBe(
        jsonEqual(json(current), json(next)),
      );
      current = next;
    }
  });

  it("a broken chain does not rebuild (missing version, patch from elsewhere)", () => {
    const a = json(emptyContent());
    const b = json({ ...emptyContent(), settings: { maxRecipientsPerMessage: 5, tlsRequiredDomains: [] } });
    const c = json({ ...emptyContent(), settings: { maxRecipientsPerMessage: 9, tlsRequiredDomains: [] } });
    const rows = [storedRowFor(1, null, a), storedRowFor(2, a, b), storedRowFor(3, b, c)];
    expect(rebuildFromRows(rows)).toEqual(c);
    expect(rebuildFromRows([rows[0], rows[2]])).toBeNull();
    expect(rebuildFromRows([rows[1], rows[2]])).toBeNull();
    expect(diffObjects(a, a)).toEqual({});
  });

  it("versions recorded together (a burst) chain across the gap; crossing a multiple of 50 makes a copy", () => {
    const at = (n: number) =>
      json({ ...emptyContent(), settings: { maxRecipientsPerMessage: n, tlsRequiredDomains: [] } });
    // Recorded: 10, then 14 (11–13 in a burst), then 49, then 53 (crosses 50): a checkpoint.
    const r10 = storedRowFor(10, null, at(10));
    const r14 = storedRowFor(14, at(10), at(14), 50, 10);
    const r49 = storedRowFor(49, at(14), at(49), 50, 14);
    const r53 = storedRowFor(53, at(49), at(53), 50, 49);
    expect([r14.patch.from, r14.content, r49.content]).toEqual([10, null, null]);
    expect(r53.content).toEqual(at(53));
    expect(r53.patch.from).toBe(49);
    expect(rebuildFromRows([r10, r14, r49])).toEqual(at(49));
    expect(rebuildFromRows([r10, r49])).toBeNull();
    expect(rebuildFromRows([r53])).toEqual(at(53));
  });

  it("describes the changes a reviewer looks for", () => {
    const before = emptyContent();
    before.senders.s1 = {
      ...randomSender(prng(1)),
      name: "Invoices",
      fromDomains: ["a.example"],
      networks: ["10.0.0.0/8"],
    };
    before.credentials.c1 = {
      senderId: "s1",
      username: "invoices-1",
      hint: "sysmtp_ab…1234",
      status: "active",
      expiresAt: null,
      networks: [],
    };
    const after = structuredClone(before);
    after.senders.s1.fromDomains = ["a.example", "billing.example.com"];
    after.senders.s1.networks = ["10.1.0.0/16"];
    after.killSwitches.k1 = {
      scope: "credential",
      target: "c1",
      reason: "leaked",
      engagedAt: "2026-01-01T00:00:00.000Z",
      expiresAt: null,
    };
    const lines = describeDiff(before, after).map((l) => l.text);
    expect(lines).toEqual([
      "sender Invoices: + From domain billing.example.com",
      "sender Invoices: networks 10.0.0.0/8 → 10.1.0.0/16",
      "kill switch on credential sysmtp_ab…1234 engaged: leaked",
    ]);
  });
});
