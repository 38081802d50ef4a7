import net from "node:net";
import { domainToASCII, domainToUnicode } from "node:url";
import { z } from "zod";

// ---- CIDRs -------------------------------------------------------------------------------

export interface ParsedCidr {
  family: 4 | 6;
  address: string;
  prefix: number;
}

// The 8 groups of an IPv6 address that net.isIPv6 accepted (a dotted IPv4 tail becomes 2 groups).
function ipv6Groups(text: string): number[] {
  let s = text.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(s);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    s = `${s.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = s.split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const fill = tail === undefined ? [] : Array(8 - h.length - t.length).fill("0");
  return [...h, ...fill, ...t].map((g) => Number.parseInt(g, 16));
}

// The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d, also written in hex), else null.
export function mappedIPv4(address: string): string | null {
  if (net.isIP(address) !== 6) return null;
  const g = ipv6Groups(address);
  if (g.slice(0, 5).some((x) => x !== 0) || g[5] !== 0xffff) return null;
  return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join(".");
}

function maskIPv4(address: string, prefix: number): string {
  const value = address.split(".").reduce((n, o) => n * 256 + Number(o), 0);
  const masked = prefix === 0 ? 0 : value - (value % 2 ** (32 - prefix));
  return [24, 16, 8, 0].map((shift) => Math.floor(masked / 2 ** shift) % 256).join(".");
}

// One network entry, or why it is refused. IPv4-mapped IPv6 networks become the IPv4 network
// they cover (::ffff:1.2.3.4/120 → 1.2.3.0/24) exactly as the relay reads them
// (relay/plugin/lib/networks.js, kept in agreement by tests/unit/network-agreement.test.ts).
export function parseNetwork(input: string): ParsedCidr | { error: string } {
  const [address, prefixText, extra] = input.trim().split("/");
  if (extra !== undefined || !address) return { error: "is not an address or network" };
  if (address.includes("%")) return { error: "has a zone id (%…), which has no meaning in a policy" };
  const family = net.isIP(address);
  if (family !== 4 && family !== 6) return { error: "is not an IPv4 or IPv6 address" };
  const max = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return { error: "has a prefix that is not a number" };
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix < 0 || prefix > max) return { error: `has a prefix longer than /${max}` };
  const mapped = family === 6 ? mappedIPv4(address) : null;
  if (mapped) {
    if (prefix < 96)
      return { error: "is an IPv4-mapped network with a prefix shorter than /96 (write the IPv4 network instead)" };
    return { family: 4, address: maskIPv4(mapped, prefix - 96), prefix: prefix - 96 };
  }
  return { family, address: address.toLowerCase(), prefix };
}

export function parseCidr(input: string): ParsedCidr | null {
  const parsed = parseNetwork(input);
  return "error" in parsed ? null : parsed;
}

// An address as the relay compares it: IPv4-mapped IPv6 (how dual-stack sockets report IPv4
// clients) as plain IPv4.
export function normalizeIp(ip: string): string {
  return mappedIPv4(ip) ?? ip;
}

// "10.1.2.0/24", "2001:db8::/32", or a bare address (meaning /32 or /128), normalized to a/p.
export const cidrSchema = z
  .string()
  .trim()
  .max(64, "A network is at most 64 characters")
  .transform((value, ctx) => {
    const parsed = parseNetwork(value);
    if ("error" in parsed) {
      ctx.addIssue({
        code: "custom",
        message: `"${value}" is not a valid IPv4 or IPv6 network (like 10.0.0.0/8 or 2001:db8::/32): it ${parsed.error}`,
      });
      return z.NEVER;
    }
    return `${parsed.address}/${parsed.prefix}`;
  });

// Accepts an array or a comma/newline-separated string (form fields); empty means "no restriction".
export const cidrListSchema = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[\s,]+/).filter(Boolean) : (v ?? [])),
  z.array(cidrSchema).max(100, "At most 100 networks"),
);

const blockListCache = new Map<string, net.BlockList>();

// Whether ip lies in any of the CIDRs (an empty list allows every address).
export function ipInCidrs(ip: string, cidrs: readonly string[]): boolean {
  if (cidrs.length === 0) return true;
  const bare = normalizeIp(ip);
  const family = net.isIP(bare);
  if (!family) return false;
  const key = cidrs.join(",");
  let list = blockListCache.get(key);
  if (!list) {
    list = new net.BlockList();
    for (const cidr of cidrs) {
      const parsed = parseCidr(cidr);
      if (parsed) list.addSubnet(parsed.address, parsed.prefix, parsed.family === 4 ? "ipv4" : "ipv6");
    }
    blockListCache.set(key, list);
  }
  return list.check(bare, family === 4 ? "ipv4" : "ipv6");
}

// ---- Domain names ------------------------------------------------------------------------

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

// A registrable-looking host name, Unicode or ASCII: returns the ASCII (punycode) form, lowercased.
export function toAsciiDomain(input: string): string | null {
  const trimmed = input.trim().replace(/\.$/, "").toLowerCase();
  if (!trimmed || trimmed.length > 253) return null;
  const ascii = domainToASCII(trimmed);
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  if (!/^(xn--[a-z0-9-]+|[a-z]{2,63})$/.test(labels[labels.length - 1])) return null;
  return ascii;
}

export function toUnicodeDomain(ascii: string): string {
  return domainToUnicode(ascii) || ascii;
}

export const domainNameSchema = z
  .string({ error: "Domain is required" })
  .max(253, "A domain is at most 253 characters")
  .transform((value, ctx) => {
    const ascii = toAsciiDomain(value);
    if (!ascii) {
      ctx.addIssue({
        code: "custom",
        message: `"${value.slice(0, 80)}" is not a valid domain name (like mail.example.com)`,
      });
      return z.NEVER;
    }
    return ascii;
  });
