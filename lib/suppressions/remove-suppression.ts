import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Suppression, suppressions } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { RemoveSuppressionInput } from "@/lib/validations/suppressions";
import { auditView } from "./suppress-recipients";

// Lifts a suppression (the row stays, with who and why): relays accept the recipient again from
// the next policy version on. Audited and versioned in one transaction.
export async function removeSuppression({
  actor,
  input,
}: {
  actor: Actor;
  input: RemoveSuppressionInput;
}): Promise<{ suppression: Suppression; policyVersion: number }> {
  return getDb().transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(suppressions)
      .where(eq(suppressions.id, input.suppressionId))
      .for("update");
    if (!current) throw new AppError("not_found", "No such suppression");
    if (current.removedAt) throw new AppError("conflict", "This suppression was already removed");
    const [suppression] = await tx
      .update(suppressions)
      .set({ removedAt: new Date(), removedBy: actor.label, removeReason: input.reason })
      .where(eq(suppressions.id, current.id))
      .returning();
    const policyVersion = await bumpPolicyVersion(
      tx,
      actor,
      `suppression removed (${current.reason.replace("_", " ")})`,
    );
    await writeAudit(tx, actor, {
      action: "suppression.remove",
      targetType: "suppression",
      targetId: current.id,
      reason: input.reason,
      before: auditView(current),
      after: { policyVersion },
    });
    return { suppression, policyVersion };
  });
}
