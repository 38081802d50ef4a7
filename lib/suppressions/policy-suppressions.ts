import { and, asc, gt, isNull, or } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { suppressions } from "@/db/schema";
import type { PolicySuppressionEntry, PolicySuppressions } from "@/lib/relay-contract/schemas";
import { suppressionKey } from "./address-key";

const seconds = (d: Date) => Math.floor(d.getTime() / 1000);

// The active suppressions as relays receive them (policy snapshot): a global list and one list per
// sender, each entry [key, since (Unix s), reason, expires (Unix s) | null]. Relays compare keys, not
// addresses (address-key.ts); a sender that is not active is left out (its mail is refused anyway).
export async function policySuppressions(
  tx: Executor,
  now: Date,
  activeSenderIds: ReadonlySet<string>,
): Promise<PolicySuppressions> {
  const rows = await tx
    .select({
      senderId: suppressions.senderId,
      address: suppressions.address,
      reason: suppressions.reason,
      createdAt: suppressions.createdAt,
      expiresAt: suppressions.expiresAt,
    })
    .from(suppressions)
    .where(and(isNull(suppressions.removedAt), or(isNull(suppressions.expiresAt), gt(suppressions.expiresAt, now))))
    .orderBy(asc(suppressions.createdAt), asc(suppressions.id));
  const result: PolicySuppressions = { global: [], senders: {} };
  for (const row of rows) {
    const entry: PolicySuppressionEntry = [
      suppressionKey(row.address),
      seconds(row.createdAt),
      row.reason,
      row.expiresAt ? seconds(row.expiresAt) : null,
    ];
    if (!row.senderId) result.global.push(entry);
    else if (activeSenderIds.has(row.senderId)) {
      result.senders[row.senderId] ??= [];
      result.senders[row.senderId].push(entry);
    }
  }
  return result;
}
