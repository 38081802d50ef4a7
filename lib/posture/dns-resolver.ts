import { Resolver } from "node:dns/promises";

// The DNS questions the posture checks ask. NXDOMAIN and "no records of that type" are answers
// (an empty list); a timeout or server failure throws DnsLookupError, so a check can say "could not
// look up" instead of "missing".
export interface PostureResolver {
  txt(name: string): Promise<string[]>;
  a(name: string): Promise<string[]>;
  aaaa(name: string): Promise<string[]>;
  mx(name: string): Promise<string[]>;
  ptr(ip: string): Promise<string[]>;
}

export const DNS_TIMEOUT_MS = 2_000;
export const DNS_TRIES = 2;
const NO_ANSWER = new Set(["ENOTFOUND", "ENODATA", "ENONAME"]);

export class DnsLookupError extends Error {
  constructor(
    readonly hostname: string,
    readonly type: string,
    readonly code: string,
  ) {
    super(`DNS lookup of ${type} ${hostname} failed (${code})`);
  }
}

// "ip[:port],…" from SWITCHYARD_DNS_SERVERS; IPv6 with a port is written [addr]:port.
export function dnsServersFromEnv(value = process.env.SWITCHYARD_DNS_SERVERS): string[] | null {
  const servers = (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return servers.length ? servers : null;
}

function reverseName(ip: string): string | null {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
  if (!ip.includes(":")) return null;
  // Expand "::" and each group to four hex digits, then one nibble per label.
  const [head, tail = ""] = ip.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = ip.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  if (groups.length !== 8) return null;
  const nibbles = groups.map((g) => g.padStart(4, "0")).join("");
  return `${nibbles.split("").reverse().join(".")}.ip6.arpa`;
}

export function createResolver({
  servers = dnsServersFromEnv(),
  timeoutMs = DNS_TIMEOUT_MS,
  tries = DNS_TRIES,
}: {
  servers?: string[] | null;
  timeoutMs?: number;
  tries?: number;
} = {}): PostureResolver {
  const resolver = new Resolver({ timeout: timeoutMs, tries });
  if (servers?.length) resolver.setServers(servers);
  async function ask<T>(type: string, name: string, run: () => Promise<T[]>): Promise<T[]> {
    try {
      return await run();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "EUNKNOWN";
      if (NO_ANSWER.has(code)) return [];
      throw new DnsLookupError(name, type, code);
    }
  }
  return {
    // A TXT record may be split into several strings: they are one value.
    txt: (name) => ask("TXT", name, async () => (await resolver.resolveTxt(name)).map((parts) => parts.join(""))),
    a: (name) => ask("A", name, () => resolver.resolve4(name)),
    aaaa: (name) => ask("AAAA", name, () => resolver.resolve6(name)),
    mx: (name) =>
      ask("MX", name, async () =>
        (await resolver.resolveMx(name)).sort((x, y) => x.priority - y.priority).map((r) => r.exchange),
      ),
    ptr: (ip) => {
      const name = reverseName(ip);
      return name ? ask("PTR", name, () => resolver.resolvePtr(name)) : Promise.resolve([]);
    },
  };
}

// One check asks the same question many times (includes shared by records): ask DNS once.
export function memoizedResolver(inner: PostureResolver): PostureResolver & { lookups: () => number } {
  const cache = new Map<string, Promise<string[]>>();
  const memo =
    (type: keyof PostureResolver) =>
    (name: string): Promise<string[]> => {
      const key = `${type} ${name.toLowerCase()}`;
      let hit = cache.get(key);
      if (!hit) {
        hit = inner[type](name);
        cache.set(key, hit);
      }
      return hit;
    };
  return {
    txt: memo("txt"),
    a: memo("a"),
    aaaa: memo("aaaa"),
    mx: memo("mx"),
    ptr: memo("ptr"),
    lookups: () => cache.size,
  };
}

// Reverse lookups only name a source for display and classification: one quick try is enough.
const REVERSE_TIMEOUT_MS = 1_000;

let shared: PostureResolver | null = null;
let reverse: PostureResolver | null = null;

// The process-wide resolver (servers from SWITCHYARD_DNS_SERVERS, else the system's).
export function defaultResolver(): PostureResolver {
  shared ??= createResolver();
  return shared;
}

export function reverseDnsResolver(): PostureResolver {
  reverse ??= createResolver({ timeoutMs: REVERSE_TIMEOUT_MS, tries: 1 });
  return reverse;
}
