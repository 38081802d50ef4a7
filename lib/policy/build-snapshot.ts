import { asc, eq, inArray } from "drizzle-orm";
import type { z } from "zod";
import { type Executor, getDb } from "@/db/client";
import { senderDomains, senders, sendingDomains } from "@/db/schema";
import { messageTagKey } from "@/lib/complaints/message-tag";
import { contentPolicy } from "@/lib/content/content-policy";
import { activeCredentialsForPolicy } from "@/lib/credentials/active-credentials-for-policy";
import { activeSigningKeys } from "@/lib/domains/active-signing-keys";
import { listEngagedKillSwitches } from "@/lib/kill-switch/list-kill-switches";
import { resolveKillSwitchTarget } from "@/lib/kill-switch/resolve-target";
import { pendingQuarantineCommands } from "@/lib/quarantine/pending-commands";
import type { policySnapshotSchema } from "@/lib/relay-contract/schemas";
import { SealError } from "@/lib/server/crypto/seal";
import { getSetting } from "@/lib/settings/settings";
import { policySuppressions } from "@/lib/suppressions/policy-suppressions";
import { currentPolicyVersion } from "./policy-version";
import { SnapshotUnavailableError } from "./snapshot-unavailable";

export type PolicySnapshot = z.infer<typeof policySnapshotSchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

// Everything a relay enforces, read in one repeatable-read transaction so the data matches the
// version it is labelled with. openKeys: false leaves DKIM private keys closed (empty): for the
// policy history, which keeps no secrets and must not fail on a key that does not open.
export async function buildPolicySnapshot(
  db: Executor = getDb(),
  { openKeys = true }: { openKeys?: boolean } = {},
): Promise<PolicySnapshot> {
  return db.transaction(
    async (tx) => {
      const now = new Date();
      const version = await currentPolicyVersion(tx);
      const activeSenders = await tx
        .select()
        .from(senders)
        .where(eq(senders.status, "active"))
        .orderBy(asc(senders.slug));
      const senderIds = activeSenders.map((s) => s.id);
      const domainLinks = senderIds.length
        ? await tx
            .select({ senderId: senderDomains.senderId, domain: sendingDomains.domain, status: sendingDomains.status })
            .from(senderDomains)
            .innerJoin(sendingDomains, eq(sendingDomains.id, senderDomains.domainId))
            .where(inArray(senderDomains.senderId, senderIds))
        : [];
      const credentials = await activeCredentialsForPolicy({ now, db: tx });
      const domains = await tx
        .select()
        .from(sendingDomains)
        .where(eq(sendingDomains.status, "active"))
        .orderBy(asc(sendingDomains.domain));
      // A key that does not open stops the snapshot with its cause (answered 503, alerted).
      const keys = await activeSigningKeys(tx, { open: openKeys }).catch((error: Error) => {
        throw error.cause instanceof SealError ? new SnapshotUnavailableError(error.message, { cause: error }) : error;
      });
      const switches = await listEngagedKillSwitches({ now, db: tx });
      const maxRecipientsPerMessage = await getSetting("relay.maxRecipientsPerMessage", tx);
      const content = await contentPolicy(tx);
      const killSwitches = await Promise.all(
        switches.map(async (ks) => ({
          id: ks.id,
          scope: ks.scope,
          // Domain switches are matched by name; a target deleted since is kept by id.
          target:
            ks.scope === "domain"
              ? await resolveKillSwitchTarget(tx, ks.scope, ks.targetId).then(
                  (t) => t.policyTarget,
                  () => ks.targetId,
                )
              : ks.targetId,
          reason: ks.reason,
          engagedAt: ks.engagedAt.toISOString(),
          expiresAt: iso(ks.expiresAt),
        })),
      );
      // Grouped once: filtering every link per sender is quadratic (10,000 senders: 10^8 comparisons).
      const domainsBySender = groupBy(domainLinks, (l) => l.senderId);
      const credentialsBySender = groupBy(credentials, (c) => c.senderId);
      return {
        version,
        generatedAt: now.toISOString(),
        killSwitches,
        senders: activeSenders.map((s) => ({
          id: s.id,
          name: s.name,
          slug: s.slug,
          fromDomains: (domainsBySender.get(s.id) ?? []).filter((l) => l.status === "active").map((l) => l.domain),
          fromAddresses: s.allowedFromAddresses,
          cidrs: s.allowedCidrs,
          rateLimitPerMinute: s.rateLimitPerMinute,
          rateLimitPerDay: s.rateLimitPerDay,
          credentials: (credentialsBySender.get(s.id) ?? []).map((c) => ({
            id: c.id,
            username: c.username,
            verifier: c.verifier,
            expiresAt: iso(c.expiresAt),
            cidrs: c.allowedCidrs,
          })),
          contentProfileId: content.profileFor(s),
        })),
        domains: domains.map((d) => {
          const key = keys.find((k) => k.domainId === d.id);
          return {
            id: d.id,
            domain: d.domain,
            dkim: key ? { selector: key.selector, algorithm: key.algorithm, privateKeyPem: key.privateKeyPem } : null,
          };
        }),
        maxRecipientsPerMessage,
        messageTagKey: messageTagKey().toString("base64"),
        quarantineCommands: await pendingQuarantineCommands(tx),
        contentProfiles: content.profiles,
        tlsRequiredDomains: await getSetting("tls.requiredDomains", tx),
        suppressions: await policySuppressions(tx, now, new Set(senderIds)),
      };
    },
    { isolationLevel: "repeatable read" },
  );
}
