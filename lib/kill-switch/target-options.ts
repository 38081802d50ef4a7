import { asc, eq, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { senders, sendingDomains, smtpCredentials } from "@/db/schema";

export interface TargetOption {
  id: string;
  label: string;
}

// What can be stopped, for the engage form's target picker.
export async function killSwitchTargetOptions(): Promise<{
  sender: TargetOption[];
  credential: TargetOption[];
  domain: TargetOption[];
}> {
  const db = getDb();
  const [senderRows, credentialRows, domainRows] = await Promise.all([
    db
      .select({ id: senders.id, name: senders.name, status: senders.status })
      .from(senders)
      .where(inArray(senders.status, ["active", "suspended", "approved"]))
      .orderBy(asc(senders.name)),
    db
      .select({ id: smtpCredentials.id, username: smtpCredentials.username, senderName: senders.name })
      .from(smtpCredentials)
      .innerJoin(senders, eq(senders.id, smtpCredentials.senderId))
      .where(eq(smtpCredentials.status, "active"))
      .orderBy(asc(smtpCredentials.username)),
    db
      .select({ id: sendingDomains.id, displayName: sendingDomains.displayName })
      .from(sendingDomains)
      .where(eq(sendingDomains.status, "active"))
      .orderBy(asc(sendingDomains.domain)),
  ]);
  return {
    sender: senderRows.map((s) => ({ id: s.id, label: s.status === "active" ? s.name : `${s.name} (${s.status})` })),
    credential: credentialRows.map((c) => ({ id: c.id, label: `${c.username} — ${c.senderName}` })),
    domain: domainRows.map((d) => ({ id: d.id, label: d.displayName })),
  };
}
