import { and, eq, isNotNull, lte } from "drizzle-orm";
import { getDb } from "@/db/client";
import { dkimKeys } from "@/db/schema";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { AppError } from "@/lib/errors";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import type { RetireDkimKeyInput } from "@/lib/validations/domains";
import { lockDomain } from "./domain-lock";
import { type DkimKeyView, toDkimKeyView } from "./domain-view";

function noSuchKey(): AppError {
  return new AppError("not_found", "No such DKIM key", { keyId: ["No such DKIM key"] });
}

// Retires a published key (after rotation, or a staged one never used) before its time. The
// active key is refused: rotate instead, so the domain always has a signing key.
export async function retireDkimKey({
  actor,
  input,
}: {
  actor: Actor;
  input: RetireDkimKeyInput;
}): Promise<{ key: DkimKeyView; policyVersion: number }> {
  const { keyId, reason } = input;
  return getDb().transaction(async (tx) => {
    const [found] = await tx.select({ domainId: dkimKeys.domainId }).from(dkimKeys).where(eq(dkimKeys.id, keyId));
    if (!found) throw noSuchKey();
    const domain = await lockDomain(tx, found.domainId);
    const [key] = await tx.select().from(dkimKeys).where(eq(dkimKeys.id, keyId)).for("update");
    if (key.status === "retired")
      throw new AppError("conflict", `Key ${key.selector} of ${domain.displayName} is already retired`);
    if (key.status === "active") {
      throw new AppError(
        "conflict",
        `Key ${key.selector} is the active signing key of ${domain.displayName}: rotate to a new key instead (an overlap of 0 days retires it at once)`,
      );
    }
    const [retired] = await tx
      .update(dkimKeys)
      .set({ status: "retired", retiredAt: new Date() })
      .where(eq(dkimKeys.id, key.id))
      .returning();
    const policyVersion = await bumpPolicyVersion(tx, actor, `DKIM key ${key.selector} of ${domain.domain} retired`);
    await writeAudit(tx, actor, {
      action: "dkim_key.retire",
      targetType: "dkim_key",
      targetId: key.id,
      reason,
      before: { domainId: key.domainId, selector: key.selector, status: key.status, retireAfter: key.retireAfter },
      after: { status: "retired" },
    });
    return { key: toDkimKeyView(retired), policyVersion };
  });
}

// Retires published keys whose overlap has ended. Called lazily when domains are listed or shown
// (and by whatever scheduler comes later); a cheap read first, a transaction only when due.
export async function retireDueDkimKeys({ now = new Date() }: { now?: Date } = {}): Promise<DkimKeyView[]> {
  const due = and(eq(dkimKeys.status, "published"), isNotNull(dkimKeys.retireAfter), lte(dkimKeys.retireAfter, now));
  const [any] = await getDb().select({ id: dkimKeys.id }).from(dkimKeys).where(due).limit(1);
  if (!any) return [];
  return getDb().transaction(async (tx) => {
    // Concurrent callers: the row locks serialize them, and the loser's re-checked WHERE matches nothing.
    const retired = await tx.update(dkimKeys).set({ status: "retired", retiredAt: now }).where(due).returning();
    if (retired.length === 0) return [];
    await bumpPolicyVersion(
      tx,
      SYSTEM_ACTOR,
      `${retired.length} DKIM key(s) retired at the end of their rotation overlap`,
    );
    for (const key of retired) {
      await writeAudit(tx, SYSTEM_ACTOR, {
        action: "dkim_key.retire",
        targetType: "dkim_key",
        targetId: key.id,
        reason: "Rotation overlap ended",
        before: { domainId: key.domainId, selector: key.selector, status: "published", retireAfter: key.retireAfter },
        after: { status: "retired" },
      });
    }
    return retired.map(toDkimKeyView);
  });
}
