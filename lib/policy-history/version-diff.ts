import { and, asc, eq, gt, lte, sql } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { relayPolicyApplications, relays } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { PolicyVersionDiffInput } from "@/lib/validations/policy-history";
import { asContent, EMPTY_CONTENT, type PolicyContent } from "./content";
import { type DiffLine, describeDiff } from "./describe-diff";
import { type PolicyVersionSummary, policyVersionSummary } from "./list-versions";
import { contentFromRows } from "./stored-content";

// At most this many audit entries and relay applications are listed for one comparison (a diff
// across thousands of versions names the first ones and says how many more there are).
const MAX_LISTED = 200;
// An audit entry and the version it caused are written in one transaction; the time window only
// lets the audit_log "at" index narrow the search (app and database clocks, a long transaction).
const SAME_TRANSACTION_WINDOW = "1 hour";

export interface CausingAuditEntry {
  version: number;
  seq: number;
  at: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string | null;
}

export interface RelayApplication {
  version: number;
  relayId: string;
  relayName: string;
  appliedAt: string;
}

export interface PolicyVersionDiff {
  from: PolicyVersionSummary | null;
  to: PolicyVersionSummary;
  // Null when either side's content was not recorded (made before the history began).
  lines: DiffLine[] | null;
  unavailable: string | null;
  // The entries written in the transactions of the versions after `from` up to `to`.
  audit: CausingAuditEntry[];
  auditMore: boolean;
  // When each relay applied each of those versions.
  relays: RelayApplication[];
  relaysMore: boolean;
}

async function contentAt(db: Executor, version: number): Promise<PolicyContent | null> {
  if (version === 0) return EMPTY_CONTENT;
  const json = await contentFromRows(db, version);
  return json ? asContent(json) : null;
}

// Audit entries written in the same transaction as a version: rows inserted by one transaction
// share its transaction id (xmin), which PostgreSQL keeps on every row; audit rows are never updated.
async function causingAudit(db: Executor, lo: number, hi: number): Promise<CausingAuditEntry[]> {
  const result = await db.execute<{
    version: string | number;
    seq: string | number;
    at: Date | string;
    actor_label: string;
    action: string;
    target_type: string;
    target_id: string | null;
    reason: string | null;
  }>(sql`
    select v.version, a.seq, a.at, a.actor_label, a.action, a.target_type, a.target_id, a.reason
    from policy_versions v
    join audit_log a
      on a.xmin = v.xmin
     and a.at between v.created_at - ${SAME_TRANSACTION_WINDOW}::interval and v.created_at + ${SAME_TRANSACTION_WINDOW}::interval
    where v.version > ${lo} and v.version <= ${hi}
    order by a.seq
    limit ${MAX_LISTED + 1}`);
  return result.rows.map((r) => ({
    version: Number(r.version),
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actorLabel: r.actor_label,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    reason: r.reason,
  }));
}

async function applications(db: Executor, lo: number, hi: number): Promise<RelayApplication[]> {
  const rows = await db
    .select({
      version: relayPolicyApplications.version,
      relayId: relayPolicyApplications.relayId,
      relayName: relays.name,
      appliedAt: relayPolicyApplications.appliedAt,
    })
    .from(relayPolicyApplications)
    .innerJoin(relays, eq(relays.id, relayPolicyApplications.relayId))
    .where(and(gt(relayPolicyApplications.version, lo), lte(relayPolicyApplications.version, hi)))
    .orderBy(asc(relayPolicyApplications.version), asc(relayPolicyApplications.appliedAt))
    .limit(MAX_LISTED + 1);
  return rows.map((r) => ({ ...r, appliedAt: r.appliedAt.toISOString() }));
}

// Why versions have no content of their own: committed in a burst (their changes are in a later
// version's), or made before the history began (or not recorded yet). One sentence per cause.
async function whyNotRecorded(db: Executor, sides: PolicyVersionSummary[]): Promise<string> {
  const groups = new Map<number | null, number[]>();
  for (const s of sides) groups.set(s.recordedIn, [...(groups.get(s.recordedIn) ?? []), s.version]);
  const sentences = await Promise.all(
    [...groups].map(async ([into, list]) => {
      const names = list.sort((a, b) => a - b).join(" and ");
      if (into === null)
        return `The content of version ${names} was not recorded (made before the policy history began, or not yet).`;
      const first = ((await policyVersionSummary(into, db))?.previousRecorded ?? list[0] - 1) + 1;
      return (
        `${list.length > 1 ? `Versions ${names} were` : `Version ${names} was`} committed in a burst: the changes ` +
        `of versions ${first}–${into} are recorded together in version ${into} (compare ${into} with ${first - 1}).`
      );
    }),
  );
  return sentences.join(" ");
}

// Version `version` compared with `against` (default: the version recorded before it, usually the
// version before; 0: the empty policy).
export async function policyVersionDiff({
  input,
  db = getDb(),
}: {
  input: PolicyVersionDiffInput;
  db?: Executor;
}): Promise<PolicyVersionDiff> {
  const to = await policyVersionSummary(input.version, db);
  if (!to) throw new AppError("not_found", `There is no policy version ${input.version}`);
  // By default the version recorded before: the versions in between (a burst) are recorded in this one.
  const against = input.against ?? to.previousRecorded ?? input.version - 1;
  const from = against === 0 ? null : await policyVersionSummary(against, db);
  if (against !== 0 && !from) throw new AppError("not_found", `There is no policy version ${against} to compare with`);
  const [before, after] = await Promise.all([contentAt(db, against), contentAt(db, input.version)]);
  const sides = [from, to].filter((s): s is PolicyVersionSummary => s !== null && !s.recorded);
  const unavailable = sides.length ? await whyNotRecorded(db, sides) : null;
  const lo = Math.min(against, input.version);
  const hi = Math.max(against, input.version);
  const [audit, relayRows] = await Promise.all([causingAudit(db, lo, hi), applications(db, lo, hi)]);
  return {
    from,
    to,
    lines: before && after ? describeDiff(before, after) : null,
    unavailable: before && after ? null : (unavailable ?? "The stored content could not be rebuilt."),
    audit: audit.slice(0, MAX_LISTED),
    auditMore: audit.length > MAX_LISTED,
    relays: relayRows.slice(0, MAX_LISTED),
    relaysMore: relayRows.length > MAX_LISTED,
  };
}
