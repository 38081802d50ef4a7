import { dmarcTxtValue } from "@/lib/domains/dns-records";
import { DnsLookupError, type PostureResolver } from "./dns-resolver";
import { type Finding, finding } from "./finding";

export type DmarcPolicy = "none" | "quarantine" | "reject";
const POLICIES = new Set<string>(["none", "quarantine", "reject"]);
const STRENGTH: Record<DmarcPolicy, number> = { none: 0, quarantine: 1, reject: 2 };

export interface DmarcRecordFacts {
  // Where the record was found: _dmarc.<domain> or an organizational parent.
  foundAt: string;
  record: string;
  p: DmarcPolicy | null;
  sp: DmarcPolicy | null;
  adkim: "r" | "s";
  aspf: "r" | "s";
  pct: number;
  rua: string[];
}

export function parseDmarcTags(record: string): Map<string, string> {
  const tags = new Map<string, string>();
  for (const part of record.split(";")) {
    const eq = part.indexOf("=");
    if (eq !== -1) tags.set(part.slice(0, eq).trim().toLowerCase(), part.slice(eq + 1).trim());
  }
  return tags;
}

export function dmarcFacts(foundAt: string, record: string): DmarcRecordFacts {
  const tags = parseDmarcTags(record);
  const policy = (v: string | undefined) =>
    v && POLICIES.has(v.toLowerCase()) ? (v.toLowerCase() as DmarcPolicy) : null;
  const pct = Number(tags.get("pct") ?? "100");
  return {
    foundAt,
    record,
    p: policy(tags.get("p")),
    sp: policy(tags.get("sp")),
    adkim: tags.get("adkim")?.toLowerCase() === "s" ? "s" : "r",
    aspf: tags.get("aspf")?.toLowerCase() === "s" ? "s" : "r",
    pct: Number.isFinite(pct) ? Math.min(100, Math.max(0, pct)) : 100,
    rua: (tags.get("rua") ?? "")
      .split(",")
      .map((u) => u.trim().replace(/!.*$/, ""))
      .filter(Boolean),
  };
}

const isDmarc = (txt: string) => /^v\s*=\s*DMARC1\s*(;|$)/i.test(txt.trim());

// _dmarc.<domain>, then its parents down to two labels (the organizational domain, simplified:
// no public-suffix list), as receivers do for a domain without its own record.
async function findRecords(
  resolver: PostureResolver,
  domain: string,
): Promise<{ at: string; records: string[] } | null> {
  const labels = domain.split(".");
  for (let i = 0; i <= labels.length - 2; i++) {
    const at = labels.slice(i).join(".");
    const records = (await resolver.txt(`_dmarc.${at}`)).filter(isDmarc);
    if (records.length) return { at, records };
  }
  return null;
}

export async function checkDmarc({
  domain,
  reportEmail,
  resolver,
}: {
  domain: string;
  reportEmail: string;
  resolver: PostureResolver;
}): Promise<{ findings: Finding[]; facts: DmarcRecordFacts | null }> {
  const recommended = { name: `_dmarc.${domain}`, value: dmarcTxtValue(reportEmail) };
  let found: Awaited<ReturnType<typeof findRecords>>;
  try {
    found = await findRecords(resolver, domain);
  } catch (error) {
    if (!(error instanceof DnsLookupError)) throw error;
    return {
      findings: [
        finding(
          "dmarc",
          "lookup-failed",
          "warning",
          `Could not look up the DMARC record of ${domain} (${error.code})`,
          "Check that the domain's name servers answer.",
        ),
      ],
      facts: null,
    };
  }
  if (!found) {
    return {
      findings: [
        finding(
          "dmarc",
          "missing",
          "critical",
          `${domain} has no DMARC record: receivers apply no policy and mail forged as ${domain} is delivered`,
          "Publish this TXT record.",
          recommended,
        ),
      ],
      facts: null,
    };
  }
  if (found.records.length > 1) {
    return {
      findings: [
        finding(
          "dmarc",
          "multiple",
          "critical",
          `_dmarc.${found.at} holds ${found.records.length} DMARC records; receivers then ignore DMARC entirely`,
          "Keep exactly one record.",
          recommended,
        ),
      ],
      facts: null,
    };
  }
  const facts = dmarcFacts(found.at, found.records[0]);
  const inherited = found.at !== domain;
  const name = `_dmarc.${found.at}`;
  const findings: Finding[] = [
    finding(
      "dmarc",
      "present",
      "ok",
      inherited ? `DMARC record inherited from ${found.at}: ${facts.record}` : `DMARC record found: ${facts.record}`,
    ),
  ];
  // A subdomain inheriting its parent's record gets sp= when set.
  const effective = inherited ? (facts.sp ?? facts.p) : facts.p;
  const withPolicy = (p: DmarcPolicy) => ({
    name,
    value: /(^|;)\s*p\s*=/i.test(facts.record)
      ? facts.record.replace(/(^|;)(\s*)p\s*=\s*[a-z]*/i, `$1$2p=${p}`)
      : `${facts.record}; p=${p}`,
  });
  if (!effective) {
    findings.push(
      finding(
        "dmarc",
        "policy",
        "critical",
        "The DMARC record has no valid p= (none, quarantine or reject)",
        "Correct the record.",
        recommended,
      ),
    );
  } else if (effective === "none") {
    findings.push(
      finding(
        "dmarc",
        "policy",
        "warning",
        "DMARC policy is p=none: receivers only report; mail forged as this domain is still delivered",
        "When the path to p=reject is green, move to p=quarantine, then p=reject.",
        withPolicy("quarantine"),
      ),
    );
  } else if (effective === "quarantine") {
    findings.push(
      finding(
        "dmarc",
        "policy",
        "ok",
        "DMARC policy is p=quarantine: failing mail goes to spam",
        "When the path to p=reject stays green, move to p=reject.",
        withPolicy("reject"),
      ),
    );
  } else {
    findings.push(finding("dmarc", "policy", "ok", "DMARC policy is p=reject: failing mail is refused"));
  }
  if (!inherited && facts.p && facts.sp && STRENGTH[facts.sp] < STRENGTH[facts.p]) {
    findings.push(
      finding(
        "dmarc",
        "subdomain-policy",
        "warning",
        `Subdomains get a weaker policy (sp=${facts.sp}) than the domain (p=${facts.p}): forgers can use any subdomain`,
        "Remove sp= or set it to the same policy as p=.",
      ),
    );
  }
  if (facts.pct < 100) {
    findings.push(
      finding(
        "dmarc",
        "pct",
        "info",
        `pct=${facts.pct}: the policy applies to only ${facts.pct}% of failing mail`,
        "Raise pct to 100 (or remove it) once you are confident.",
      ),
    );
  }
  const mode = (m: "r" | "s") => (m === "s" ? "strict" : "relaxed");
  findings.push(finding("dmarc", "alignment", "ok", `Alignment: DKIM ${mode(facts.adkim)}, SPF ${mode(facts.aspf)}`));
  if (facts.rua.length === 0) {
    findings.push(
      finding(
        "dmarc",
        "rua",
        "warning",
        "No aggregate report address (rua=): you cannot see who sends mail as this domain",
        `Add rua=mailto:${reportEmail} to the record.`,
        {
          name,
          value: `${facts.record.replace(/;\s*$/, "")}; rua=mailto:${reportEmail}`,
        },
      ),
    );
  } else if (!facts.rua.some((u) => u.toLowerCase() === `mailto:${reportEmail.toLowerCase()}`)) {
    findings.push(
      finding(
        "dmarc",
        "rua",
        "info",
        `Aggregate reports go to ${facts.rua.join(", ")}, not to ${reportEmail}`,
        "Upload those reports here, or have that mailbox drop them in the watched directory (setting dmarc.watchDir).",
      ),
    );
  } else {
    findings.push(finding("dmarc", "rua", "ok", `Aggregate reports go to ${reportEmail}`));
  }
  const policyFinding = findings.find((f) => f.id === "dmarc.policy");
  if (policyFinding)
    policyFinding.data = {
      p: effective,
      adkim: facts.adkim,
      aspf: facts.aspf,
      pct: facts.pct,
      inheritedFrom: inherited ? found.at : null,
    };
  return { findings, facts };
}
