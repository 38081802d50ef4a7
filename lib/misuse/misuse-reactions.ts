import { eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { MISUSE_RULES, type MisuseReaction, type MisuseRule, senderMisuseReactions, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import type { SetMisuseReactionInput } from "@/lib/validations/misuse";

export type MisuseReactions = Record<MisuseRule, MisuseReaction>;

export const RULE_LABELS: Record<MisuseRule, string> = {
  volume_spike: "Volume spike",
  new_source: "New source network",
  auth_failures: "Burst of AUTH failures",
  rejected_from: "Burst of rejected From addresses",
};

// What each rule stops when set to auto-suspend.
export const RULE_SWITCH: Record<MisuseRule, "sender" | "credential"> = {
  volume_spike: "sender",
  new_source: "credential",
  auth_failures: "credential",
  rejected_from: "sender",
};

// Every rule's reaction for a sender: alert only unless set to suspend.
export async function misuseReactionsFor(senderId: string, db: Executor = getDb()): Promise<MisuseReactions> {
  const rows = await db.select().from(senderMisuseReactions).where(eq(senderMisuseReactions.senderId, senderId));
  const out = Object.fromEntries(MISUSE_RULES.map((r) => [r, "alert"])) as MisuseReactions;
  for (const row of rows) if (MISUSE_RULES.includes(row.rule)) out[row.rule] = row.reaction;
  return out;
}

// Sets one rule's reaction for a sender, audited in the same transaction.
export async function setMisuseReaction({
  actor,
  input,
}: {
  actor: Actor;
  input: SetMisuseReactionInput;
}): Promise<MisuseReactions> {
  return getDb().transaction(async (tx) => {
    const [sender] = await tx
      .select({ id: senders.id, name: senders.name })
      .from(senders)
      .where(eq(senders.id, input.senderId));
    if (!sender) throw new AppError("not_found", "No such sender");
    const before = await misuseReactionsFor(sender.id, tx);
    if (before[input.rule] !== input.reaction) {
      await tx
        .insert(senderMisuseReactions)
        .values({ senderId: sender.id, rule: input.rule, reaction: input.reaction })
        .onConflictDoUpdate({
          target: [senderMisuseReactions.senderId, senderMisuseReactions.rule],
          set: { reaction: input.reaction, updatedAt: new Date() },
        });
      await writeAudit(tx, actor, {
        action: "sender.misuse_reaction",
        targetType: "sender",
        targetId: sender.id,
        before: { rule: input.rule, reaction: before[input.rule] },
        after: { rule: input.rule, reaction: input.reaction, sender: sender.name },
      });
    }
    return { ...before, [input.rule]: input.reaction };
  });
}
