import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type QuarantinedMessage, quarantinedMessages } from "@/db/schema";
import { AppError } from "@/lib/errors";

// The message's row, locked for the rest of the transaction: two people deciding at once take turns.
export async function lockQuarantined(tx: Executor, id: string): Promise<QuarantinedMessage> {
  const [row] = await tx.select().from(quarantinedMessages).where(eq(quarantinedMessages.id, id)).for("update");
  if (!row) throw new AppError("not_found", "No such quarantined message");
  return row;
}
