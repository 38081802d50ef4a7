import type { Sender } from "@/db/schema";
import { senderNeedsReview, todayUtc } from "./review";

export interface SenderDomainRef {
  id: string;
  // ASCII (punycode) form, as relays see it.
  domain: string;
  displayName: string;
  status: "active" | "retired";
}

// A sender as it leaves the data layer: the row, its From domains, and the re-certification flag.
export interface SenderView extends Sender {
  domains: SenderDomainRef[];
  needsReview: boolean;
}

export function toSenderView(sender: Sender, domains: SenderDomainRef[], today: string = todayUtc()): SenderView {
  return { ...sender, domains, needsReview: senderNeedsReview(sender, today) };
}

// What the audit log records of a sender: every field that matters, domains by name.
export function senderAuditSnapshot(sender: Sender, domains: SenderDomainRef[]) {
  return {
    name: sender.name,
    slug: sender.slug,
    kind: sender.kind,
    vendor: sender.vendor,
    ownerTeam: sender.ownerTeam,
    contactEmail: sender.contactEmail,
    purpose: sender.purpose,
    fromDomains: domains.map((d) => d.domain).sort(),
    allowedFromAddresses: sender.allowedFromAddresses,
    allowedCidrs: sender.allowedCidrs,
    rateLimitPerMinute: sender.rateLimitPerMinute,
    rateLimitPerDay: sender.rateLimitPerDay,
    reviewDate: sender.reviewDate,
    contentProfileId: sender.contentProfileId,
    status: sender.status,
  };
}
