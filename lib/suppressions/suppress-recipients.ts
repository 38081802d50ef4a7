import { and, inArray, isNull, lte, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type Suppression, suppressions } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { getSettings } from "@/lib/settings/settings";
import { domainOfAddress, normalizeAddress, suppressionKey } from "./address-key";
import { EXPIRY_REMOVER } from "./suppression-status";

const DAY_MS = 24 * 60 * 60 * 1000;

export interface SuppressionCandidate {
  // The sender that mailed the recipient (null when not known: then only a global suppression applies).
  senderId: string | null;
  address: string;
  reason: Suppression["reason"];
  detail?: string | null;
  // Overrides the setting suppression.scope (a manual suppression names its scope itself).
  scope?: "sender" | "global";
  // Overrides the setting suppression.days.
  days?: number;
}

// What the audit log says about a suppression: never the address in clear (the log is a hash
// chain that cannot be edited, and an address is personal data); its key and domain identify it,
// the row (which can be erased) keeps the address.
export const auditView = (row: Suppression) => ({
  suppressionId: row.id,
  senderId: row.senderId,
  addressKey: suppressionKey(row.address),
  recipientDomain: domainOfAddress(row.address),
  reason: row.reason,
  expiresAt: row.expiresAt,
});

// Suppresses recipients inside the caller's transaction: per sender or globally (setting
// suppression.scope) for suppression.days. Idempotent: a recipient already suppressed in that scope
// keeps its row (the same bounce twice is one row); one whose suppression lapsed gets a new row
// (the lapsed one is closed as expired, keeping the partial unique index to one active row). Each
// new row is audited; if any, the policy version is bumped once so relays refuse them within a poll.
export async function suppressRecipients(
  tx: Executor,
  actor: Actor,
  candidates: SuppressionCandidate[],
): Promise<Suppression[]> {
  if (candidates.length === 0) return [];
  const settings = await getSettings(["suppression.scope", "suppression.days"], tx);
  const now = new Date();
  const wanted = new Map<string, typeof suppressions.$inferInsert>();
  for (const c of candidates) {
    const address = normalizeAddress(c.address);
    if (!address.includes("@")) continue;
    const scope = c.scope ?? settings["suppression.scope"];
    const senderId = scope === "global" ? null : c.senderId;
    // Per-sender scope with no known sender: nothing to attach it to.
    if (scope === "sender" && !senderId) continue;
    const key = `${senderId ?? "global"}|${address}`;
    if (wanted.has(key)) continue;
    const days = c.days ?? settings["suppression.days"];
    wanted.set(key, {
      senderId,
      address,
      reason: c.reason,
      detail: c.detail?.slice(0, 1000) ?? null,
      createdAt: now,
      expiresAt: new Date(now.getTime() + days * DAY_MS),
    });
  }
  // In address order: concurrent batches take their index locks in the same order.
  const rows = [...wanted.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  if (rows.length === 0) return [];
  // Lapsed suppressions of these addresses are closed (as of their expiry) before the new ones go in.
  await tx
    .update(suppressions)
    .set({ removedAt: sql`${suppressions.expiresAt}`, removedBy: EXPIRY_REMOVER, removeReason: "expired" })
    .where(
      and(
        isNull(suppressions.removedAt),
        lte(suppressions.expiresAt, now),
        inArray(
          suppressions.address,
          rows.map((r) => r.address),
        ),
      ),
    );
  const created = await tx.insert(suppressions).values(rows).onConflictDoNothing().returning();
  if (created.length === 0) return [];
  for (const row of created) {
    await writeAudit(tx, actor, {
      action: "suppression.add",
      targetType: "suppression",
      targetId: row.id,
      reason: row.reason === "manual" ? row.detail : null,
      after: auditView(row),
    });
  }
  await bumpPolicyVersion(
    tx,
    actor,
    created.length === 1
      ? `suppression added (${created[0].reason.replace("_", " ")})`
      : `${created.length} suppressions added`,
  );
  return created;
}
