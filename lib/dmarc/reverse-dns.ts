import type { PostureResolver } from "@/lib/posture/dns-resolver";

// Reverse-DNS names of source addresses, cached (answers and failures alike) so a page render or
// an ingest asks DNS once per address per hour, and bounded by a time budget so a slow or
// unreachable resolver never holds a page up.
const CACHE_TTL_MS = 60 * 60 * 1000;
const CACHE_MAX_ENTRIES = 10_000;
export const REVERSE_DNS_BUDGET_MS = 1_500;
const CONCURRENCY = 8;

const cache = new Map<string, { names: string[]; at: number }>();

export function cachedReverseNames(ip: string, now = Date.now()): string[] | undefined {
  const hit = cache.get(ip);
  return hit && now - hit.at < CACHE_TTL_MS ? hit.names : undefined;
}

export function clearReverseDnsCache(): void {
  cache.clear();
}

// Names for as many of the addresses as the budget allows; the rest stay unknown this time.
export async function reverseNames(
  ips: readonly string[],
  resolver: PostureResolver,
  budgetMs = REVERSE_DNS_BUDGET_MS,
): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const queue: string[] = [];
  for (const ip of new Set(ips)) {
    const hit = cachedReverseNames(ip);
    if (hit) out.set(ip, hit);
    else queue.push(ip);
  }
  if (queue.length === 0) return out;
  const deadline = Date.now() + budgetMs;
  async function worker() {
    for (let ip = queue.shift(); ip && Date.now() < deadline; ip = queue.shift()) {
      let names: string[] = [];
      try {
        names = (await resolver.ptr(ip)).map((n) => n.toLowerCase().replace(/\.$/, ""));
      } catch {
        // A failed lookup is cached as "no name" for the TTL too.
      }
      if (cache.size >= CACHE_MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(ip, { names, at: Date.now() });
      out.set(ip, names);
    }
  }
  const work = Promise.all(Array.from({ length: CONCURRENCY }, worker));
  await Promise.race([work, new Promise((resolve) => setTimeout(resolve, budgetMs).unref())]);
  return out;
}
