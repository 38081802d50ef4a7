import { eq } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { smtpCredentials } from "@/db/schema";
import { buildPolicySnapshot, type PolicySnapshot } from "@/lib/policy/build-snapshot";
import type { JsonObject } from "./patch";

// What one policy version made relays enforce, without its secrets: no credential verifier, no
// DKIM private key, no message-tag key. Collections are keyed by id (so a patch names what changed),
// sets of values are sorted (their order means nothing to a relay), DLP rules keep their position.
// Pending quarantine commands ride on the snapshot but are not policy: they are left out.

export interface ContentSender {
  name: string;
  slug: string;
  fromDomains: string[];
  fromAddresses: string[];
  networks: string[];
  rateLimitPerMinute: number;
  rateLimitPerDay: number;
  contentProfileId: string | null;
}

export interface ContentCredential {
  senderId: string;
  username: string;
  // The secret's shown prefix and last 4 characters ("sysmtp_ab…1234"), never the secret or its verifier.
  hint: string;
  status: string;
  expiresAt: string | null;
  // Narrows the sender's networks; empty = the sender's.
  networks: string[];
}

export interface ContentKillSwitch {
  scope: string;
  // Sender id, credential id, domain name, or null (global).
  target: string | null;
  reason: string;
  engagedAt: string;
  expiresAt: string | null;
}

export interface ContentDomain {
  domain: string;
  dkim: { selector: string; algorithm: string } | null;
}

export interface ContentDlpRule {
  position: number;
  name: string;
  detector: string;
  pattern: string | null;
  flags: string | null;
  keywords: string[];
  minCount: number;
  near: { keywords: string[]; within: number } | null;
  action: string;
}

export interface ContentProfileEntry {
  name: string;
  virusScan: boolean;
  spamScan: boolean;
  spamScore: number;
  spamAction: string;
  maxScanBytes: number;
  onScannerFailure: string;
  attachments: {
    blockedExtensions: string[];
    blockedTypes: string[];
    maxAttachmentBytes: number | null;
    scanArchives: boolean;
    action: string;
  };
  dlpRules: Record<string, ContentDlpRule>;
}

export interface PolicyContent {
  senders: Record<string, ContentSender>;
  credentials: Record<string, ContentCredential>;
  killSwitches: Record<string, ContentKillSwitch>;
  domains: Record<string, ContentDomain>;
  contentProfiles: Record<string, ContentProfileEntry>;
  settings: { maxRecipientsPerMessage: number | null; tlsRequiredDomains: string[] };
}

export const EMPTY_CONTENT: PolicyContent = {
  senders: {},
  credentials: {},
  killSwitches: {},
  domains: {},
  contentProfiles: {},
  settings: { maxRecipientsPerMessage: null, tlsRequiredDomains: [] },
};

// What may be shown of a credential, read beside the snapshot (which carries only its verifier).
export interface CredentialHint {
  prefix: string;
  last4: string;
  status: string;
}

const sorted = (values: readonly string[]) => [...values].sort();

// Keys in sorted order, so the stored JSON reads the same whatever order rows came in.
function byId<T, U>(items: readonly T[], id: (item: T) => string, entry: (item: T) => U): Record<string, U> {
  const out: Record<string, U> = {};
  for (const item of [...items].sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0)))
    out[id(item)] = entry(item);
  return out;
}

// The normalizer: snapshot (with secrets) → content (without). Pure, so tests can call it directly.
export function policyContentOf(snapshot: PolicySnapshot, hints: ReadonlyMap<string, CredentialHint>): PolicyContent {
  const credentials = snapshot.senders.flatMap((s) => s.credentials.map((c) => ({ ...c, senderId: s.id })));
  return {
    senders: byId(
      snapshot.senders,
      (s) => s.id,
      (s) => ({
        name: s.name,
        slug: s.slug,
        fromDomains: sorted(s.fromDomains),
        fromAddresses: sorted(s.fromAddresses),
        networks: sorted(s.cidrs),
        rateLimitPerMinute: s.rateLimitPerMinute,
        rateLimitPerDay: s.rateLimitPerDay,
        contentProfileId: s.contentProfileId ?? null,
      }),
    ),
    credentials: byId(
      credentials,
      (c) => c.id,
      (c) => {
        const hint = hints.get(c.id);
        return {
          senderId: c.senderId,
          username: c.username,
          hint: hint ? `${hint.prefix}…${hint.last4}` : "",
          status: hint?.status ?? "active",
          expiresAt: c.expiresAt,
          networks: sorted(c.cidrs),
        };
      },
    ),
    killSwitches: byId(
      snapshot.killSwitches,
      (k) => k.id,
      (k) => ({ scope: k.scope, target: k.target, reason: k.reason, engagedAt: k.engagedAt, expiresAt: k.expiresAt }),
    ),
    domains: byId(
      snapshot.domains,
      (d) => d.id,
      (d) => ({ domain: d.domain, dkim: d.dkim ? { selector: d.dkim.selector, algorithm: d.dkim.algorithm } : null }),
    ),
    contentProfiles: byId(
      snapshot.contentProfiles ?? [],
      (p) => p.id,
      (p) => ({
        name: p.name,
        virusScan: p.virusScan,
        spamScan: p.spamScan,
        spamScore: p.spamScore,
        spamAction: p.spamAction,
        maxScanBytes: p.maxScanBytes,
        onScannerFailure: p.onScannerFailure,
        attachments: {
          blockedExtensions: sorted(p.attachments.blockedExtensions),
          blockedTypes: sorted(p.attachments.blockedTypes),
          maxAttachmentBytes: p.attachments.maxAttachmentBytes,
          scanArchives: p.attachments.scanArchives,
          action: p.attachments.action,
        },
        dlpRules: byId(
          p.dlpRules.map((rule, position) => ({ rule, position })),
          ({ rule }) => rule.id,
          ({ rule, position }) => ({
            position,
            name: rule.name,
            detector: rule.detector,
            pattern: rule.pattern ?? null,
            flags: rule.flags ?? null,
            keywords: rule.keywords ?? [],
            minCount: rule.minCount,
            near: rule.near ?? null,
            action: rule.action,
          }),
        ),
      }),
    ),
    settings: {
      maxRecipientsPerMessage: snapshot.maxRecipientsPerMessage ?? null,
      tlsRequiredDomains: sorted(snapshot.tlsRequiredDomains ?? []),
    },
  };
}

export const asJson = (content: PolicyContent) => content as unknown as JsonObject;
export const asContent = (json: JsonObject) => json as unknown as PolicyContent;

// The content relays would get right now, read in `db` (pass the transaction of a change to see
// it). DKIM keys are not decrypted: a key that does not open must not stop a change being recorded.
export async function buildPolicyContent(db: Executor): Promise<PolicyContent> {
  const snapshot = await buildPolicySnapshot(db, { openKeys: false });
  // Every active credential (a superset of the snapshot's: no id list that could outgrow a query).
  const rows = await db
    .select({
      id: smtpCredentials.id,
      prefix: smtpCredentials.secretPrefix,
      last4: smtpCredentials.secretLast4,
      status: smtpCredentials.status,
    })
    .from(smtpCredentials)
    .where(eq(smtpCredentials.status, "active"));
  return policyContentOf(snapshot, new Map(rows.map((r) => [r.id, r])));
}
