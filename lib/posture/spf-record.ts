import net from "node:net";

// SPF record syntax (RFC 7208 §4.6, §5, §6): pure parsing, no DNS.

export type SpfQualifier = "+" | "-" | "~" | "?";
export type SpfMechanismName = "all" | "include" | "a" | "mx" | "ptr" | "ip4" | "ip6" | "exists";

export interface SpfMechanism {
  kind: "mechanism";
  qualifier: SpfQualifier;
  name: SpfMechanismName;
  // The domain-spec or address after ":", without the CIDR suffixes.
  target: string | null;
  // a/mx: "/24" and "//64" prefixes; ip4/ip6: the network prefix.
  prefix4: number | null;
  prefix6: number | null;
  raw: string;
}

export interface SpfModifier {
  kind: "modifier";
  name: string;
  value: string;
  raw: string;
}

export type SpfTerm = SpfMechanism | SpfModifier;

export interface ParsedSpf {
  terms: SpfTerm[];
  // Syntax problems: receivers answer permerror, so SPF fails for every message.
  errors: string[];
}

const MECHANISMS = new Set<SpfMechanismName>(["all", "include", "a", "mx", "ptr", "ip4", "ip6", "exists"]);
// Mechanisms and modifiers that cost a DNS lookup against the limit of 10 (RFC 7208 §4.6.4).
export const LOOKUP_TERMS = new Set(["include", "a", "mx", "ptr", "exists", "redirect"]);

export function isSpfRecord(txt: string): boolean {
  return /^v=spf1(\s|$)/i.test(txt.trim());
}

function parsePrefix(text: string | undefined, max: number): number | null | false {
  if (text === undefined || text === "") return null;
  if (!/^\d{1,3}$/.test(text)) return false;
  const n = Number(text);
  return n <= max ? n : false;
}

function parseMechanism(raw: string, errors: string[]): SpfMechanism | null {
  const explicit = "+-~?".includes(raw[0]);
  const qualifier = explicit ? (raw[0] as SpfQualifier) : "+";
  const body = explicit ? raw.slice(1) : raw;
  const match = /^([a-z0-9]+)(?::([^/]*))?((?:\/\/?\d*)*)$/i.exec(body);
  const name = match?.[1].toLowerCase() as SpfMechanismName | undefined;
  if (!match || !name || !MECHANISMS.has(name)) {
    errors.push(`"${raw}" is not an SPF mechanism`);
    return null;
  }
  const target = match[2] === undefined ? null : match[2];
  const cidr = match[3] ?? "";
  const mechanism: SpfMechanism = { kind: "mechanism", qualifier, name, target, prefix4: null, prefix6: null, raw };
  if (name === "ip4" || name === "ip6") {
    const family = name === "ip4" ? 4 : 6;
    if (!target || net.isIP(target) !== family) {
      errors.push(`"${raw}" does not hold a valid IPv${family} address`);
      return null;
    }
    const prefix = parsePrefix(cidr.replace(/^\//, ""), family === 4 ? 32 : 128);
    if (prefix === false || cidr.startsWith("//")) {
      errors.push(`"${raw}" has an invalid network prefix`);
      return null;
    }
    if (family === 4) mechanism.prefix4 = prefix;
    else mechanism.prefix6 = prefix;
    return mechanism;
  }
  if ((name === "include" || name === "exists") && !target) {
    errors.push(`"${raw}" needs a domain (${name}:example.com)`);
    return null;
  }
  if (name === "all" && (target !== null || cidr)) {
    errors.push(`"${raw}" takes no argument`);
    return null;
  }
  if (cidr) {
    if (name !== "a" && name !== "mx") {
      errors.push(`"${raw}" takes no network prefix`);
      return null;
    }
    const parts = /^(?:\/(\d+))?(?:\/\/(\d+))?$/.exec(cidr);
    const p4 = parsePrefix(parts?.[1], 32);
    const p6 = parsePrefix(parts?.[2], 128);
    if (!parts || p4 === false || p6 === false) {
      errors.push(`"${raw}" has an invalid network prefix`);
      return null;
    }
    mechanism.prefix4 = p4;
    mechanism.prefix6 = p6;
  }
  return mechanism;
}

export function parseSpf(record: string): ParsedSpf {
  const errors: string[] = [];
  const terms: SpfTerm[] = [];
  const words = record.trim().split(/\s+/).slice(1);
  const seenModifiers = new Set<string>();
  for (const raw of words) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(raw);
    if (modifier) {
      const name = modifier[1].toLowerCase();
      if ((name === "redirect" || name === "exp") && seenModifiers.has(name))
        errors.push(`"${name}=" appears more than once`);
      seenModifiers.add(name);
      if ((name === "redirect" || name === "exp") && !modifier[2]) errors.push(`"${raw}" needs a domain`);
      terms.push({ kind: "modifier", name, value: modifier[2], raw });
      continue;
    }
    const mechanism = parseMechanism(raw, errors);
    if (mechanism) terms.push(mechanism);
  }
  return { terms, errors };
}

export const mechanisms = (parsed: ParsedSpf) => parsed.terms.filter((t): t is SpfMechanism => t.kind === "mechanism");

export function redirectOf(parsed: ParsedSpf): string | null {
  const term = parsed.terms.find((t) => t.kind === "modifier" && t.name === "redirect");
  // redirect= is ignored when the record has an "all" mechanism (RFC 7208 §6.1).
  if (!term || mechanisms(parsed).some((m) => m.name === "all")) return null;
  return (term as SpfModifier).value;
}

// Adds mechanisms just before the first "all" (or at the end): the record with the relay added.
export function withMechanisms(record: string, additions: readonly string[]): string {
  const words = record.trim().split(/\s+/);
  const allIndex = words.findIndex((w, i) => i > 0 && /^[+\-~?]?all$/i.test(w));
  const missing = additions.filter((a) => !words.includes(a));
  if (allIndex === -1) return [...words, ...missing].join(" ");
  return [...words.slice(0, allIndex), ...missing, ...words.slice(allIndex)].join(" ");
}

// A domain-spec with a macro (%{i}, %{d}…) is expanded per message; a static check cannot follow it.
export const hasMacro = (domain: string) => domain.includes("%");
