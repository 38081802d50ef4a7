import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type Sender, senders } from "@/db/schema";
import { AppError } from "@/lib/errors";

// Every mutation of a sender locks its row first, so two concurrent decisions or transitions take
// turns and the second one sees the first one's result.
export async function lockSender(tx: Tx, senderId: string): Promise<Sender> {
  const [sender] = await tx.select().from(senders).where(eq(senders.id, senderId)).for("update");
  if (!sender) throw new AppError("not_found", "No such sender");
  return sender;
}
