import { networkOf } from "./baseline";
import type { NetworkUse } from "./detect-sources";

// What a batch of events asks the detector to look at (pure: no database).

// The fields of a stored relay event the detector reads.
export interface MisuseEvent {
  type: string;
  at: string | Date;
  senderId?: string | null;
  credentialId?: string | null;
  username?: string | null;
  clientIp?: string | null;
  reason?: string | null;
  count?: number | null;
}

// What a batch of events asks the detector to look at (merged while an evaluation runs).
export interface MisuseInputs {
  volumeSenders: Set<string>;
  networkUses: NetworkUse[];
  authUsernames: Set<string>;
  rejectedFromSenders: Set<string>;
}

export const emptyInputs = (): MisuseInputs => ({
  volumeSenders: new Set(),
  networkUses: [],
  authUsernames: new Set(),
  rejectedFromSenders: new Set(),
});

export function inputsOf(events: MisuseEvent[], into: MisuseInputs = emptyInputs()): MisuseInputs {
  const uses = new Map<string, NetworkUse>();
  for (const e of events) {
    if (e.type === "accepted" && e.senderId) {
      into.volumeSenders.add(e.senderId);
      const network = e.credentialId && e.clientIp ? networkOf(e.clientIp) : null;
      if (!network || !e.credentialId) continue;
      const at = new Date(e.at);
      const key = `${e.credentialId} ${network}`;
      const seen = uses.get(key);
      if (!seen) uses.set(key, { credentialId: e.credentialId, network, count: 1, firstAt: at, lastAt: at });
      else {
        seen.count++;
        if (at < seen.firstAt) seen.firstAt = at;
        if (at > seen.lastAt) seen.lastAt = at;
      }
    } else if (e.type === "rejected" && e.reason === "auth" && e.username && e.senderId) {
      // Only usernames of a credential (the relay names its sender): a made-up username is nobody's.
      into.authUsernames.add(e.username);
    } else if (e.type === "rejected" && e.reason === "domain" && e.senderId) {
      into.rejectedFromSenders.add(e.senderId);
    }
  }
  into.networkUses.push(...uses.values());
  return into;
}
