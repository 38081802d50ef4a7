import { spfMechanism, spfRecord } from "@/lib/domains/dns-records";
import { parseCidr } from "@/lib/validations/network";
import { DnsLookupError, type PostureResolver } from "./dns-resolver";
import { type Finding, finding } from "./finding";
import { sharedIncludeFor, sharedIncludeRisk } from "./shared-spf-includes";
import { checkHost, SPF_LOOKUP_LIMIT, type SpfResult, spfRecordsAt, walkSpfTree } from "./spf-evaluate";
import { mechanisms, parseSpf, redirectOf, withMechanisms } from "./spf-record";

// Lookups at which we start warning: one more include and the record breaks.
const SPF_LOOKUP_WARN = 9;

const RESULT_TEXT: Record<SpfResult, string> = {
  pass: "pass",
  fail: "fail (the record ends in -all without listing it)",
  softfail: "softfail (~all: receivers treat it as suspicious)",
  neutral: "neutral (not listed)",
  none: "none (no SPF record)",
  permerror: "permerror (the record is broken)",
  temperror: "temperror (a DNS lookup failed)",
};

export interface SpfCheckInput {
  domain: string;
  egressAddresses: readonly string[];
  resolver: PostureResolver;
}

function allFinding(domain: string, record: string): Finding {
  const parsed = parseSpf(record);
  const all = mechanisms(parsed).find((m) => m.name === "all");
  const fixed = { name: domain, value: record.replace(/(^|\s)[+?~]?all(\s|$)/i, "$1-all$2") };
  if (!all) {
    const redirect = redirectOf(parsed);
    if (redirect) return finding("spf", "all", "ok", `SPF hands the final verdict to ${redirect} (redirect=)`);
    return finding(
      "spf",
      "all",
      "warning",
      "SPF has no closing all term: servers it does not list get a neutral result",
      "End the record with -all (or ~all while you are still finding senders).",
      {
        name: domain,
        value: `${record.trim()} -all`,
      },
    );
  }
  if (all.qualifier === "+") {
    return finding(
      "spf",
      "all",
      "critical",
      "SPF ends in +all: every server on the internet may send as this domain",
      "Replace +all with -all so only the servers listed pass.",
      fixed,
    );
  }
  if (all.qualifier === "?")
    return finding(
      "spf",
      "all",
      "warning",
      "SPF ends in ?all: unlisted servers get a neutral result, which protects nothing",
      "Replace ?all with -all (or ~all).",
      fixed,
    );
  if (all.qualifier === "~") return finding("spf", "all", "ok", "SPF ends in ~all: unlisted servers soft-fail");
  return finding("spf", "all", "ok", "SPF ends in -all: unlisted servers fail");
}

function lookupFinding(lookups: number, capped: boolean): Finding {
  const count = capped ? `more than ${lookups - 1}` : String(lookups);
  if (lookups > SPF_LOOKUP_LIMIT) {
    return finding(
      "spf",
      "lookups",
      "critical",
      `SPF needs ${count} DNS lookups; receivers stop at ${SPF_LOOKUP_LIMIT} and SPF fails for all mail (permerror)`,
      "Remove includes you no longer use, replace includes of your own servers with ip4:/ip6: entries, or move a SaaS sender to its own subdomain.",
    );
  }
  if (lookups >= SPF_LOOKUP_WARN)
    return finding(
      "spf",
      "lookups",
      "warning",
      `SPF needs ${lookups} of ${SPF_LOOKUP_LIMIT} DNS lookups: one more include breaks it`,
      "Make room before adding senders: remove unused includes or use ip4:/ip6: entries.",
    );
  return finding("spf", "lookups", "ok", `SPF needs ${lookups} of ${SPF_LOOKUP_LIMIT} DNS lookups`);
}

async function egressFindings(input: SpfCheckInput, record: string): Promise<Finding[]> {
  const addresses = input.egressAddresses.map((a) => parseCidr(a)).filter((p) => p !== null);
  if (addresses.length === 0) {
    return [
      finding(
        "spf",
        "egress",
        "info",
        "No relay egress addresses are configured, so the relay's authorization cannot be checked",
        "Set relay.egressAddresses to the addresses the relays send from.",
      ),
    ];
  }
  const failures: string[] = [];
  const missing: string[] = [];
  let temporary = false;
  for (const network of addresses) {
    // A network is checked by its first address: SPF authorizes networks the same way.
    const result = await checkHost(input.resolver, network.address, input.domain);
    if (result === "pass") continue;
    if (result === "temperror") temporary = true;
    failures.push(`${network.address}: ${RESULT_TEXT[result]}`);
    const mechanism = spfMechanism(`${network.address}/${network.prefix}`);
    if (mechanism) missing.push(mechanism);
  }
  if (failures.length === 0) return [finding("spf", "egress", "ok", "SPF authorizes every relay egress address")];
  if (temporary)
    return [
      finding(
        "spf",
        "egress",
        "warning",
        `Could not confirm the relay is authorized: ${failures.join("; ")}`,
        "Check again later; if it persists, check the included domains' DNS.",
      ),
    ];
  return [
    finding(
      "spf",
      "egress",
      "critical",
      `SPF does not authorize the relay: ${failures.join("; ")}`,
      "Add the relay's egress addresses to the record, before its all term.",
      { name: input.domain, value: withMechanisms(record, missing) },
    ),
  ];
}

// SPF health of one domain: present and single, syntax, closing all, lookup count, includes that
// resolve, shared-SaaS includes, and whether the relay egress addresses pass.
export async function checkSpf(input: SpfCheckInput): Promise<Finding[]> {
  const { domain, resolver } = input;
  const recommended = spfRecord({ domain, egressAddresses: input.egressAddresses }).record;
  let records: string[];
  try {
    records = await spfRecordsAt(resolver, domain);
  } catch (error) {
    if (!(error instanceof DnsLookupError)) throw error;
    return [
      finding(
        "spf",
        "lookup-failed",
        "warning",
        `Could not look up the SPF record of ${domain} (${error.code})`,
        "Check that the domain's name servers answer; the check runs again on schedule.",
      ),
    ];
  }
  if (records.length === 0) {
    return [
      finding(
        "spf",
        "missing",
        "critical",
        `${domain} has no SPF record: receivers cannot tell the relay from a forger`,
        "Publish this TXT record at the domain.",
        {
          name: domain,
          value: recommended.value,
        },
      ),
    ];
  }
  if (records.length > 1) {
    return [
      finding(
        "spf",
        "multiple",
        "critical",
        `${domain} publishes ${records.length} SPF records; receivers treat that as a permanent error and SPF fails for all mail`,
        `Merge them into one record and delete the others. Published now: ${records.map((r) => `"${r}"`).join(" and ")}.`,
        { name: domain, value: recommended.value },
      ),
    ];
  }
  const record = records[0];
  const parsed = parseSpf(record);
  if (parsed.errors.length) {
    return [
      finding(
        "spf",
        "syntax",
        "critical",
        `The SPF record is invalid: ${parsed.errors.join("; ")}. Receivers answer permerror and SPF fails for all mail`,
        "Correct the record; this one authorizes the relay.",
        {
          name: domain,
          value: recommended.value,
        },
      ),
    ];
  }
  const findings: Finding[] = [
    finding("spf", "present", "ok", `SPF record found: ${record}`),
    allFinding(domain, record),
  ];
  const tree = await walkSpfTree(resolver, domain, parsed);
  findings.push(lookupFinding(tree.lookups, tree.capped));
  for (const problem of tree.problems) {
    if (problem.kind === "macro") {
      findings.push(finding("spf", `macro:${problem.domain}`, "info", `${problem.message}.`));
    } else if (problem.kind === "lookup-failed") {
      findings.push(
        finding(
          "spf",
          `include-lookup:${problem.domain}`,
          "warning",
          `${problem.message}; receivers would answer temperror.`,
          "Check again later; if it persists, ask the owner of that domain.",
        ),
      );
    } else {
      findings.push(
        finding(
          "spf",
          `include:${problem.domain}`,
          "critical",
          `${problem.message} (referenced by ${problem.via}); receivers answer permerror and SPF fails for all mail`,
          `Remove or correct the reference to ${problem.domain}.`,
        ),
      );
    }
  }
  if (mechanisms(parsed).some((m) => m.name === "ptr")) {
    findings.push(
      finding(
        "spf",
        "ptr",
        "warning",
        "SPF uses the ptr mechanism, which is deprecated, slow, and ignored by some receivers",
        "Replace ptr with ip4:/ip6: entries for those servers.",
      ),
    );
  }
  const seenShared = new Set<string>();
  for (const include of tree.includes) {
    const shared = sharedIncludeFor(include.domain);
    if (!shared || seenShared.has(shared.domain)) continue;
    seenShared.add(shared.domain);
    const { title, fix } = sharedIncludeRisk(shared, domain);
    findings.push(
      finding(
        "spf",
        `shared-include:${shared.domain}`,
        shared.severity,
        include.via === domain ? title : `${title} (through ${include.via})`,
        fix,
      ),
    );
  }
  findings.push(...(await egressFindings(input, record)));
  return findings;
}
