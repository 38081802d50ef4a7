import type { Executor } from "@/db/client";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import type { RelayEvent } from "@/lib/relay-contract/schemas";
import { suppressRecipients } from "./suppress-recipients";

// Who suppresses a bounced recipient, as the audit log and the policy history name it.
export const BOUNCE_ACTOR = { ...SYSTEM_ACTOR, label: "system (hard bounce)" };

// The hard bounces among a batch's new events (a retried batch brings none: idempotent).
export async function suppressHardBounces(tx: Executor, fresh: RelayEvent[]): Promise<void> {
  const bounces = fresh.filter((e) => e.type === "bounced" && e.bounceType === "hard" && e.recipient);
  if (bounces.length === 0) return;
  await suppressRecipients(
    tx,
    BOUNCE_ACTOR,
    bounces.map((e) => ({
      senderId: e.senderId ?? null,
      address: e.recipient as string,
      reason: "hard_bounce" as const,
      detail: [e.smtpCode, e.enhancedCode, e.detail].filter((p) => p !== null && p !== undefined).join(" ") || null,
    })),
  );
}
