import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Suppression, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import type { AddSuppressionInput } from "@/lib/validations/suppressions";
import { suppressRecipients } from "./suppress-recipients";

// Suppresses one address by hand, for one sender or (no sender) for every sender. An address
// already suppressed in that scope is a conflict: remove it first to change it.
export async function addSuppression({
  actor,
  input,
}: {
  actor: Actor;
  input: AddSuppressionInput;
}): Promise<{ suppression: Suppression }> {
  return getDb().transaction(async (tx) => {
    if (input.senderId) {
      const [sender] = await tx.select({ id: senders.id }).from(senders).where(eq(senders.id, input.senderId));
      if (!sender) throw new AppError("not_found", "No such sender");
    }
    const [suppression] = await suppressRecipients(tx, actor, [
      {
        senderId: input.senderId ?? null,
        address: input.address,
        reason: "manual",
        detail: input.reason,
        scope: input.senderId ? "sender" : "global",
        days: input.days,
      },
    ]);
    if (!suppression) throw new AppError("conflict", "This address is already suppressed there");
    return { suppression };
  });
}
