import { eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type Sender, senders } from "@/db/schema";
import { loadSenderDomains } from "@/lib/senders/sender-domains";

// What an owner confirms: the sender's current scope. Shown on the confirmation page and kept with
// the answer, so the report says exactly what was confirmed.
export interface SenderScope {
  senderId: string;
  name: string;
  status: string;
  revision: number;
  ownerTeam: string;
  contactEmail: string;
  purpose: string;
  fromDomains: string[];
  allowedFromAddresses: string[];
  allowedCidrs: string[];
  rateLimitPerMinute: number;
  rateLimitPerDay: number;
  reviewDate: string;
}

export async function scopeOfSender(sender: Sender, db: Executor = getDb()): Promise<SenderScope> {
  const domains = (await loadSenderDomains([sender.id], db)).get(sender.id) ?? [];
  return {
    senderId: sender.id,
    name: sender.name,
    status: sender.status,
    revision: sender.revision,
    ownerTeam: sender.ownerTeam,
    contactEmail: sender.contactEmail,
    purpose: sender.purpose,
    fromDomains: domains.map((d) => d.domain),
    allowedFromAddresses: sender.allowedFromAddresses,
    allowedCidrs: sender.allowedCidrs,
    rateLimitPerMinute: sender.rateLimitPerMinute,
    rateLimitPerDay: sender.rateLimitPerDay,
    reviewDate: sender.reviewDate,
  };
}

export async function loadSenderScope(senderId: string, db: Executor = getDb()): Promise<SenderScope | null> {
  const [sender] = await db.select().from(senders).where(eq(senders.id, senderId));
  return sender ? scopeOfSender(sender, db) : null;
}

// The scope in one line each, for mail and CSV.
export function describeScope(scope: SenderScope): string[] {
  return [
    `From domains: ${scope.fromDomains.join(", ") || "(none)"}`,
    `From addresses: ${scope.allowedFromAddresses.join(", ") || "any address at those domains"}`,
    `Networks: ${scope.allowedCidrs.join(", ") || "any source"}`,
    `Rate limits: ${scope.rateLimitPerMinute}/min, ${scope.rateLimitPerDay}/day`,
  ];
}
