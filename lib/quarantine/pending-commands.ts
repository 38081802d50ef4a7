import { and, asc, inArray, isNull } from "drizzle-orm";
import type { z } from "zod";
import { type Executor, getDb } from "@/db/client";
import { quarantinedMessages } from "@/db/schema";
import type { quarantineCommandSchema } from "@/lib/relay-contract/schemas";

export type QuarantineCommand = z.infer<typeof quarantineCommandSchema>;

// What relays must still do: release an approved message, delete a deleted or expired one, until
// the holding relay says it did (settledAt). Every relay gets the list; each acts on its relayId.
export async function pendingQuarantineCommands(db: Executor = getDb()): Promise<QuarantineCommand[]> {
  const rows = await db
    .select({ id: quarantinedMessages.id, relayId: quarantinedMessages.relayId, status: quarantinedMessages.status })
    .from(quarantinedMessages)
    .where(
      and(
        isNull(quarantinedMessages.settledAt),
        inArray(quarantinedMessages.status, ["released", "deleted", "expired"]),
      ),
    )
    .orderBy(asc(quarantinedMessages.id));
  return rows.map((r) => ({ id: r.id, relayId: r.relayId, action: r.status === "released" ? "release" : "delete" }));
}
