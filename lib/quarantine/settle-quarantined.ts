import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type QuarantinedMessage, type QuarantineStatus, quarantinedMessages } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { QuarantineSettled } from "@/lib/relay-contract/schemas";

export interface SettledAnswer {
  id: string;
  status: QuarantineStatus;
  settledAt: Date | null;
  deliveredAt: Date | null;
}

// Which statuses each outcome may settle: a relay only does what it was told (release after an
// approval, delete after a deletion or expiry); anything else is refused, never recorded.
const SETTLES: Record<QuarantineSettled["outcome"], readonly QuarantineStatus[]> = {
  released: ["released", "delivered"],
  delivered: ["released", "delivered"],
  deleted: ["deleted", "expired"],
};

function changesFor(row: QuarantinedMessage, { outcome, at }: QuarantineSettled): Partial<QuarantinedMessage> {
  const when = new Date(at);
  const settledAt = row.settledAt ?? when;
  if (outcome === "delivered") return { status: "delivered", settledAt, deliveredAt: row.deliveredAt ?? when };
  return { settledAt };
}

// The relay that holds the message says it acted on a command: released (handed to its outbound
// queue), delivered, or deleted. Only the token's relay's own messages (another's is not found),
// idempotent (a repeated report changes nothing). The first settlement takes the command out of
// the snapshot, so the policy version moves and every relay stops seeing it.
export async function settleQuarantined({
  relayId,
  id,
  input,
}: {
  relayId: string;
  id: string;
  input: QuarantineSettled;
}): Promise<SettledAnswer> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx.select().from(quarantinedMessages).where(eq(quarantinedMessages.id, id)).for("update");
    if (!row || row.relayId !== relayId) throw new AppError("not_found", "This relay holds no message with this id.");
    if (!SETTLES[input.outcome].includes(row.status))
      throw new AppError(
        "conflict",
        `The message is ${row.status.replace("_", " ")}: the control plane never asked to ${
          input.outcome === "deleted" ? "delete" : "release"
        } it.`,
      );
    const [updated] = await tx
      .update(quarantinedMessages)
      .set(changesFor(row, input))
      .where(eq(quarantinedMessages.id, id))
      .returning();
    if (!row.settledAt)
      await bumpPolicyVersion(tx, SYSTEM_ACTOR, `quarantined message ${id} ${input.outcome} by its relay`);
    return { id, status: updated.status, settledAt: updated.settledAt, deliveredAt: updated.deliveredAt };
  });
}
