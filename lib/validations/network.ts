import net from "node:net";
import { domainToASCII, domainToUnicode } from "node:url";
import { z } from "zod";

// ---- CIDRs -------------------------------------------------------------------------------

export interface ParsedCidr {
  family: 4 | 6;
  address: string;
  prefix: number;
}

export function parseCidr(input: string): ParsedCidr | null {
  const [address, prefixText, extra] = input.trim().split("/");
  if (extra !== undefined || !address) return null;
  const family = net.isIP(address);
  if (family !== 4 && family !== 6) return null;
  const max = family === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix < 0 || prefix > max) return null;
  return { family, address: address.toLowerCase(), prefix };
}

// "10.1.2.0/24", "2001:db8::/32", or a bare address (meaning /32 or /128), normalized to a/p.
export const cidrSchema = z
  .string()
  .trim()
  .max(64, "A network is at most 64 characters")
  .transform((value, ctx) => {
    const parsed = parseCidr(value);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: `"${value}" is not a valid IPv4 or IPv6 network (like 10.0.0.0/8 or 2001:db8::/32)` });
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
  const bare = ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1");
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
      ctx.addIssue({ code: "custom", message: `"${value.slice(0, 80)}" is not a valid domain name (like mail.example.com)` });
      return z.NEVER;
    }
    return ascii;
  });
