import net from "node:net";
import { DnsLookupError, type PostureResolver } from "./dns-resolver";
import { ipInNetworks } from "./ip-match";
import {
  hasMacro,
  isSpfRecord,
  LOOKUP_TERMS,
  mechanisms,
  type ParsedSpf,
  parseSpf,
  redirectOf,
  type SpfMechanism,
} from "./spf-record";

// Walking an SPF tree the way a receiver does: counting DNS lookups across includes and
// redirects, and evaluating check_host() for an address (RFC 7208 §4, §5).

export const SPF_LOOKUP_LIMIT = 10;
// Past this we stop following: enough to say "over the limit" without chasing a hostile tree.
export const SPF_WALK_CAP = 40;
const MAX_DEPTH = 10;
const MX_HOST_LIMIT = 10;

export async function spfRecordsAt(resolver: PostureResolver, domain: string): Promise<string[]> {
  return (await resolver.txt(domain)).filter(isSpfRecord);
}

export interface SpfTreeProblem {
  kind: "include-missing" | "include-multiple" | "include-syntax" | "loop" | "lookup-failed" | "macro";
  domain: string;
  via: string;
  message: string;
}

export interface SpfTree {
  lookups: number;
  // Every include:/redirect= target reached, with the record that referenced it.
  includes: { domain: string; via: string; depth: number }[];
  problems: SpfTreeProblem[];
  capped: boolean;
}

// Counts the lookups the record at domain costs, following includes and redirect= targets.
export async function walkSpfTree(resolver: PostureResolver, domain: string, parsed: ParsedSpf): Promise<SpfTree> {
  const tree: SpfTree = { lookups: 0, includes: [], problems: [], capped: false };
  const visiting = new Set<string>([domain.toLowerCase()]);

  async function visit(name: string, record: ParsedSpf, depth: number): Promise<void> {
    const redirect = redirectOf(record);
    const steps: { target: string | null; term: string }[] = mechanisms(record)
      .filter((m) => LOOKUP_TERMS.has(m.name))
      .map((m) => ({ target: m.name === "include" ? m.target : null, term: m.name }));
    if (redirect) steps.push({ target: redirect, term: "redirect" });
    for (const step of steps) {
      tree.lookups++;
      if (tree.lookups > SPF_WALK_CAP) {
        tree.capped = true;
        return;
      }
      if (!step.target) continue;
      const target = step.target.toLowerCase().replace(/\.$/, "");
      if (hasMacro(target)) {
        tree.problems.push({
          kind: "macro",
          domain: target,
          via: name,
          message: `${step.term}:${target} uses a macro, expanded per message: not followed`,
        });
        continue;
      }
      tree.includes.push({ domain: target, via: name, depth });
      if (visiting.has(target)) {
        tree.problems.push({
          kind: "loop",
          domain: target,
          via: name,
          message: `${name} reaches ${target} again: the includes form a loop`,
        });
        continue;
      }
      if (depth >= MAX_DEPTH) {
        tree.capped = true;
        continue;
      }
      let records: string[];
      try {
        records = await spfRecordsAt(resolver, target);
      } catch (error) {
        if (!(error instanceof DnsLookupError)) throw error;
        tree.problems.push({
          kind: "lookup-failed",
          domain: target,
          via: name,
          message: `Could not look up ${target} (${error.code})`,
        });
        continue;
      }
      if (records.length === 0) {
        tree.problems.push({
          kind: "include-missing",
          domain: target,
          via: name,
          message: `${step.term === "redirect" ? "redirect=" : "include:"}${target} has no SPF record`,
        });
        continue;
      }
      if (records.length > 1) {
        tree.problems.push({
          kind: "include-multiple",
          domain: target,
          via: name,
          message: `${target} publishes ${records.length} SPF records`,
        });
        continue;
      }
      const child = parseSpf(records[0]);
      if (child.errors.length) {
        tree.problems.push({
          kind: "include-syntax",
          domain: target,
          via: name,
          message: `${target}: ${child.errors[0]}`,
        });
        continue;
      }
      visiting.add(target);
      await visit(target, child, depth + 1);
      visiting.delete(target);
      if (tree.capped) return;
    }
  }

  await visit(domain.toLowerCase(), parsed, 1);
  return tree;
}

export type SpfResult = "pass" | "fail" | "softfail" | "neutral" | "none" | "permerror" | "temperror";

const QUALIFIER_RESULT = { "+": "pass", "-": "fail", "~": "softfail", "?": "neutral" } as const;

async function addressesOf(resolver: PostureResolver, host: string, ipFamily: 4 | 6): Promise<string[]> {
  return ipFamily === 4 ? resolver.a(host) : resolver.aaaa(host);
}

async function matches(
  resolver: PostureResolver,
  ip: string,
  domain: string,
  m: SpfMechanism,
  depth: number,
): Promise<boolean | SpfResult> {
  const family = net.isIP(ip) as 4 | 6;
  const prefix = family === 4 ? (m.prefix4 ?? 32) : (m.prefix6 ?? 128);
  const target = (m.target ?? domain).toLowerCase();
  if (hasMacro(target)) return false;
  switch (m.name) {
    case "all":
      return true;
    case "ip4":
    case "ip6": {
      const own = m.name === "ip4" ? 4 : 6;
      return own === family && ipInNetworks(ip, [`${m.target}/${own === 4 ? (m.prefix4 ?? 32) : (m.prefix6 ?? 128)}`]);
    }
    case "a":
      return ipInNetworks(
        ip,
        (await addressesOf(resolver, target, family)).map((a) => `${a}/${prefix}`),
      );
    case "mx": {
      const hosts = (await resolver.mx(target)).slice(0, MX_HOST_LIMIT);
      for (const host of hosts)
        if (
          ipInNetworks(
            ip,
            (await addressesOf(resolver, host, family)).map((a) => `${a}/${prefix}`),
          )
        )
          return true;
      return false;
    }
    case "include": {
      const result = await checkHost(resolver, ip, target, depth + 1);
      if (result === "pass") return true;
      if (result === "none") return "permerror";
      if (result === "permerror" || result === "temperror") return result;
      return false;
    }
    // ptr is deprecated and exists needs macros: a static check does not evaluate them.
    default:
      return false;
  }
}

// check_host(ip, domain): what a receiver would conclude for mail from ip claiming domain.
export async function checkHost(resolver: PostureResolver, ip: string, domain: string, depth = 0): Promise<SpfResult> {
  if (depth > MAX_DEPTH) return "permerror";
  try {
    const records = await spfRecordsAt(resolver, domain);
    if (records.length === 0) return "none";
    if (records.length > 1) return "permerror";
    const parsed = parseSpf(records[0]);
    if (parsed.errors.length) return "permerror";
    for (const m of mechanisms(parsed)) {
      const hit = await matches(resolver, ip, domain, m, depth);
      if (typeof hit === "string") return hit;
      if (hit) return QUALIFIER_RESULT[m.qualifier];
    }
    const redirect = redirectOf(parsed);
    if (redirect && !hasMacro(redirect)) {
      const result = await checkHost(resolver, ip, redirect.toLowerCase(), depth + 1);
      return result === "none" ? "permerror" : result;
    }
    return "neutral";
  } catch (error) {
    if (error instanceof DnsLookupError) return "temperror";
    throw error;
  }
}
