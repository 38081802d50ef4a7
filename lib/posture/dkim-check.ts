import { dkimRecordName } from "@/lib/domains/dkim-selector";
import { dkimTxtValue } from "@/lib/domains/dns-records";
import type { DkimAlgorithm } from "@/lib/validations/domains";
import { DnsLookupError, type PostureResolver } from "./dns-resolver";
import { type Finding, finding } from "./finding";

export interface HeldDkimKey {
  selector: string;
  algorithm: DkimAlgorithm;
  publicKey: string;
  status: "active" | "published" | "retired";
}

// "v=DKIM1; k=rsa; p=MIIB…" → tags (whitespace inside values is folding, RFC 6376 §3.2).
export function parseDkimTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).replace(/\s+/g, ""));
  }
  return tags;
}

async function checkKey(domain: string, key: HeldDkimKey, resolver: PostureResolver): Promise<Finding> {
  const name = dkimRecordName(key.selector, domain);
  const expected = { name, value: dkimTxtValue(key) };
  const role = key.status === "active" ? "the relays sign with it" : "it is still in use during a rotation";
  // A missing active key breaks signing now; a staged or previous key breaks only after a switch.
  const severity = key.status === "active" ? "critical" : "warning";
  let records: string[];
  try {
    records = (await resolver.txt(name)).filter((r) => /(^|;)\s*p=/i.test(r));
  } catch (error) {
    if (!(error instanceof DnsLookupError)) throw error;
    return finding(
      "dkim",
      `lookup-failed:${key.selector}`,
      "warning",
      `Could not look up DKIM selector ${key.selector} (${error.code})`,
      "Check that the domain's name servers answer; the check runs again on schedule.",
    );
  }
  if (records.length === 0) {
    return finding(
      "dkim",
      `missing:${key.selector}`,
      severity,
      `DKIM key ${key.selector} is not published (${role}), so its signatures fail`,
      `Publish this TXT record at ${name}.`,
      expected,
    );
  }
  if (records.length > 1) {
    return finding(
      "dkim",
      `multiple:${key.selector}`,
      severity,
      `${name} holds ${records.length} DKIM records; receivers may pick the wrong one`,
      "Keep only the record below.",
      expected,
    );
  }
  const tags = parseDkimTags(records[0]);
  const published = tags.get("p") ?? "";
  if (!published) {
    return finding(
      "dkim",
      `revoked:${key.selector}`,
      severity,
      `DKIM key ${key.selector} is published with an empty p=, which revokes it`,
      `Publish the key Switchyard holds at ${name}.`,
      expected,
    );
  }
  const algorithm = (tags.get("k") ?? "rsa").toLowerCase();
  if (published !== key.publicKey || algorithm !== key.algorithm) {
    return finding(
      "dkim",
      `mismatch:${key.selector}`,
      "critical",
      `DKIM key ${key.selector} in DNS does not match the key Switchyard holds: signatures made with it fail`,
      `Replace the record at ${name} with this one.`,
      expected,
    );
  }
  return finding(
    "dkim",
    `ok:${key.selector}`,
    "ok",
    `DKIM key ${key.selector} is published and matches (${key.status === "active" ? "signing" : "rotation overlap"})`,
  );
}

// Each key that is not retired must be in DNS with the public key Switchyard holds.
export async function checkDkim({
  domain,
  keys,
  resolver,
}: {
  domain: string;
  keys: readonly HeldDkimKey[];
  resolver: PostureResolver;
}): Promise<Finding[]> {
  const live = keys.filter((k) => k.status !== "retired");
  const findings: Finding[] = [];
  if (!live.some((k) => k.status === "active")) {
    findings.push(
      finding(
        "dkim",
        "no-active-key",
        "critical",
        "This domain has no active DKIM key: the relays cannot sign its mail",
        "Generate a DKIM key on the domain's page and publish it.",
      ),
    );
  }
  for (const key of live) findings.push(await checkKey(domain, key, resolver));
  return findings;
}
