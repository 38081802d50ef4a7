import net from "node:net";
import { parseCidr } from "@/lib/validations/network";

// Whether ip lies in any of the networks. Unlike ipInCidrs, an empty list matches nothing, and
// nothing is cached: the lists here come from DNS answers and change.
export function ipInNetworks(ip: string, cidrs: readonly string[]): boolean {
  const bare = ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1");
  const family = net.isIP(bare);
  if (!family || cidrs.length === 0) return false;
  const list = new net.BlockList();
  let added = 0;
  for (const cidr of cidrs) {
    const parsed = parseCidr(cidr);
    if (!parsed || parsed.family !== family) continue;
    list.addSubnet(parsed.address, parsed.prefix, family === 4 ? "ipv4" : "ipv6");
    added++;
  }
  return added > 0 && list.check(bare, family === 4 ? "ipv4" : "ipv6");
}
