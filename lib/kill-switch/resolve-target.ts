import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import type { KillSwitchScope } from "@/db/schema";
import { senders, sendingDomains, smtpCredentials } from "@/db/schema";
import { AppError } from "@/lib/errors";

export interface KillSwitchTarget {
  scope: KillSwitchScope;
  targetId: string | null;
  label: string;
  // What the relays match on: sender id, credential id, ASCII domain, or null (global).
  policyTarget: string | null;
}

// Checks that the target exists and names it the way people know it.
export async function resolveKillSwitchTarget(
  db: Executor,
  scope: KillSwitchScope,
  targetId: string | null | undefined,
): Promise<KillSwitchTarget> {
  const notFound = () => new AppError("validation_failed", `No such ${scope}`, { targetId: [`No such ${scope}`] });
  if (scope === "global") return { scope, targetId: null, label: "Everything (global)", policyTarget: null };
  if (!targetId) throw notFound();
  if (scope === "sender") {
    const [sender] = await db.select({ name: senders.name }).from(senders).where(eq(senders.id, targetId));
    if (!sender) throw notFound();
    return { scope, targetId, label: sender.name, policyTarget: targetId };
  }
  if (scope === "credential") {
    const [credential] = await db
      .select({ username: smtpCredentials.username, senderName: senders.name })
      .from(smtpCredentials)
      .innerJoin(senders, eq(senders.id, smtpCredentials.senderId))
      .where(eq(smtpCredentials.id, targetId));
    if (!credential) throw notFound();
    return { scope, targetId, label: `${credential.username} (${credential.senderName})`, policyTarget: targetId };
  }
  const [domain] = await db
    .select({ domain: sendingDomains.domain, displayName: sendingDomains.displayName })
    .from(sendingDomains)
    .where(eq(sendingDomains.id, targetId));
  if (!domain) throw notFound();
  return { scope, targetId, label: domain.displayName, policyTarget: domain.domain };
}
