import { count, desc, eq, inArray, lt, type SQL, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { policyVersionContents, policyVersions, relayPolicyApplications, users } from "@/db/schema";
import type { PolicyVersionListInput } from "@/lib/validations/policy-history";

export interface PolicyVersionSummary {
  version: number;
  createdAt: string;
  reason: string;
  actorId: string | null;
  // The user's email, or "system" for changes made by the control plane itself.
  actorLabel: string;
  // Whether its content is kept (versions made before the history began are not, nor versions
  // committed in a burst: their changes are recorded together in a later version, recordedIn).
  recorded: boolean;
  // The version whose content holds this version's changes: itself when recorded; a later version
  // when this one was committed in a burst the recorder saw only as a whole; null when not recorded
  // (yet, or made before the history began).
  recordedIn: number | null;
  // For a recorded version: the version recorded before it, its diff's default base. Versions in
  // between have their changes recorded together in this one.
  previousRecorded: number | null;
  checkpoint: boolean;
  sizeBytes: number | null;
  // Relays that reported running exactly this version (a relay may skip versions made in a burst).
  relaysApplied: number;
}

export interface PolicyVersionPage {
  versions: PolicyVersionSummary[];
  // Pass as before for the next (older) page; null on the last page.
  nextBefore: number | null;
}

async function summaries(db: Executor, where: SQL | undefined, limit: number): Promise<PolicyVersionSummary[]> {
  const rows = await db
    .select({
      version: policyVersions.version,
      createdAt: policyVersions.createdAt,
      reason: policyVersions.reason,
      actorId: policyVersions.actorId,
      actorEmail: users.email,
      sizeBytes: policyVersionContents.sizeBytes,
      // Not the content itself: a checkpoint at 10,000 senders is megabytes.
      checkpoint: sql<boolean>`${policyVersionContents.content} is not null`,
      previousRecorded: sql<number | null>`(${policyVersionContents.patch}->>'from')::int`,
      // The next recorded version, when its patch starts before this version (this one was merged).
      mergedInto: sql<number | null>`case when ${policyVersionContents.sizeBytes} is null then (
        select case when (c.patch->>'from')::int < ${policyVersions.version} then c.version end
        from ${policyVersionContents} c where c.version > ${policyVersions.version}
        order by c.version limit 1
      ) end`,
    })
    .from(policyVersions)
    .leftJoin(users, eq(users.id, policyVersions.actorId))
    .leftJoin(policyVersionContents, eq(policyVersionContents.version, policyVersions.version))
    .where(where)
    .orderBy(desc(policyVersions.version))
    .limit(limit);
  const counts = rows.length
    ? await db
        .select({ version: relayPolicyApplications.version, n: count() })
        .from(relayPolicyApplications)
        .where(
          inArray(
            relayPolicyApplications.version,
            rows.map((r) => r.version),
          ),
        )
        .groupBy(relayPolicyApplications.version)
    : [];
  const applied = new Map(counts.map((c) => [c.version, c.n]));
  return rows.map((r) => ({
    version: r.version,
    createdAt: r.createdAt.toISOString(),
    reason: r.reason,
    actorId: r.actorId,
    actorLabel: r.actorEmail ?? (r.actorId ? r.actorId : "system"),
    recorded: r.sizeBytes !== null,
    recordedIn: r.sizeBytes !== null ? r.version : r.mergedInto === null ? null : Number(r.mergedInto),
    previousRecorded: r.previousRecorded === null ? null : Number(r.previousRecorded),
    checkpoint: r.checkpoint === true,
    sizeBytes: r.sizeBytes,
    relaysApplied: applied.get(r.version) ?? 0,
  }));
}

// Newest first, keyset-paginated on the version number.
export async function listPolicyVersions(
  input: PolicyVersionListInput,
  db: Executor = getDb(),
): Promise<PolicyVersionPage> {
  const rows = await summaries(
    db,
    input.before ? lt(policyVersions.version, input.before) : undefined,
    input.limit + 1,
  );
  const hasMore = rows.length > input.limit;
  const versions = hasMore ? rows.slice(0, input.limit) : rows;
  return { versions, nextBefore: hasMore ? versions[versions.length - 1].version : null };
}

export async function policyVersionSummary(
  version: number,
  db: Executor = getDb(),
): Promise<PolicyVersionSummary | null> {
  const [row] = await summaries(db, eq(policyVersions.version, version), 1);
  return row ?? null;
}
