import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type QuarantinedMessage, quarantinedMessages } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { DeleteQuarantinedInput } from "@/lib/validations/quarantine";
import { QUARANTINE_TARGET } from "./labels";
import { lockQuarantined } from "./lock-quarantined";

const DELETABLE = ["held", "release_requested"] as const;

// A held message (also one awaiting a release decision) deleted for good, with a reason. The
// policy version moves so the holding relay gets the delete command within a second.
export async function deleteQuarantined({
  actor,
  input,
}: {
  actor: Actor;
  input: DeleteQuarantinedInput;
}): Promise<{ message: QuarantinedMessage; policyVersion: number }> {
  return getDb().transaction(async (tx) => {
    const row = await lockQuarantined(tx, input.quarantineId);
    if (!(DELETABLE as readonly string[]).includes(row.status))
      throw new AppError(
        "conflict",
        `This message is ${row.status.replace("_", " ")}; only a held message (or one awaiting release) can be deleted`,
      );
    const [message] = await tx
      .update(quarantinedMessages)
      .set({
        status: "deleted",
        deletedBy: actor.kind === "user" ? actor.id : null,
        deletedAt: new Date(),
        deleteReason: input.reason,
      })
      .where(eq(quarantinedMessages.id, row.id))
      .returning();
    const policyVersion = await bumpPolicyVersion(tx, actor, `quarantined message ${row.id} deleted`);
    await writeAudit(tx, actor, {
      action: "quarantine.delete",
      targetType: QUARANTINE_TARGET,
      targetId: row.id,
      reason: input.reason,
      before: { status: row.status, verdict: row.verdict },
      after: { status: message.status, relayId: row.relayId, policyVersion },
    });
    return { message, policyVersion };
  });
}
