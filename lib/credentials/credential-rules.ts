import { randomInt } from "node:crypto";
import { AppError } from "@/lib/errors";
import { ipInCidrs, parseCidr } from "@/lib/validations/network";

// Pure rules of SMTP credentials (no database), shared by the domain functions and unit tests.

// Two, so a rotation can overlap: the old credential stays valid while senders switch over.
export const MAX_ACTIVE_PER_SENDER = 2;
export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;
// A credential expiring within this window is shown as "expiring soon".
export const EXPIRING_SOON_MS = 7 * DAY_MS;

// Why a sender may not receive another credential now (null: it may). One rule for the issue
// action and the credentials panel's button.
export type CredentialIssueRefusal =
  | { reason: "sender_not_active"; status: string }
  | { reason: "too_many_active"; activeCount: number };

export function credentialIssueRefusal(sender: { status: string }, activeCount: number): CredentialIssueRefusal | null {
  if (sender.status !== "active") return { reason: "sender_not_active", status: sender.status };
  if (activeCount >= MAX_ACTIVE_PER_SENDER) return { reason: "too_many_active", activeCount };
  return null;
}

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
export const USERNAME_SUFFIX_LENGTH = 6;

// "<sender-slug>-<6 random base32 characters>": readable, and unique enough to retry on a clash.
export function makeUsername(senderSlug: string): string {
  let suffix = "";
  for (let i = 0; i < USERNAME_SUFFIX_LENGTH; i++) suffix += BASE32[randomInt(BASE32.length)];
  return `${senderSlug}-${suffix}`;
}

// Requested days, else the default; never more than the maximum (a lower maximum caps the default).
export function resolveExpiryDays({
  requested,
  defaultDays,
  maxDays,
}: {
  requested: number | undefined;
  defaultDays: number;
  maxDays: number;
}): number {
  if (requested === undefined) return Math.min(defaultDays, maxDays);
  if (requested > maxDays) {
    const message = `A credential may live at most ${maxDays} days (setting credentials.maxExpiryDays); ${requested} was requested.`;
    throw new AppError("validation_failed", message, { expiresInDays: [`At most ${maxDays} days`] });
  }
  return requested;
}

export function expiryFrom(now: Date, days: number): Date {
  return new Date(now.getTime() + days * DAY_MS);
}

// During a rotation the old credential ends at now + overlap, but never later than it already would.
export function overlapEnd(now: Date, overlapHours: number, currentExpiry: Date | null): Date {
  const end = new Date(now.getTime() + overlapHours * HOUR_MS);
  return currentExpiry && currentExpiry < end ? currentExpiry : end;
}

// Whether network a/p lies entirely within one of the sender's CIDRs (a sender without CIDRs allows any).
export function cidrWithin(cidr: string, senderCidrs: readonly string[]): boolean {
  if (senderCidrs.length === 0) return true;
  const inner = parseCidr(cidr);
  if (!inner) return false;
  return senderCidrs.some((outerText) => {
    const outer = parseCidr(outerText);
    return (
      !!outer && outer.family === inner.family && inner.prefix >= outer.prefix && ipInCidrs(inner.address, [outerText])
    );
  });
}

// Credential CIDRs only narrow the sender's: each must lie within one of them.
export function assertCidrsWithinSender(cidrs: readonly string[], senderCidrs: readonly string[]): void {
  const outside = cidrs.filter((c) => !cidrWithin(c, senderCidrs));
  if (outside.length === 0) return;
  const message = `${outside.join(", ")} ${outside.length === 1 ? "lies" : "lie"} outside the sender's allowed networks (${senderCidrs.join(", ")}); a credential may only narrow them.`;
  throw new AppError("validation_failed", message, { allowedCidrs: [message] });
}

export type CredentialDisplayStatus = "active" | "expiring_soon" | "expired" | "revoked";

export function displayStatus(
  credential: { status: "active" | "revoked" | "expired"; expiresAt: Date | null },
  now: Date = new Date(),
): CredentialDisplayStatus {
  if (credential.status !== "active") return credential.status;
  if (!credential.expiresAt) return "active";
  const left = credential.expiresAt.getTime() - now.getTime();
  if (left <= 0) return "expired";
  return left <= EXPIRING_SOON_MS ? "expiring_soon" : "active";
}
