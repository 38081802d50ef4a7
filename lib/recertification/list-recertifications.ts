import { and, count, desc, eq, gte, ilike, lt, type SQL } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { recertificationCampaigns, recertificationRequests, recertifications } from "@/db/schema";
import type { RecertificationReportFilter } from "@/lib/validations/recertification";
import type { SenderScope } from "./sender-scope";

export interface RecertificationRow {
  id: string;
  senderId: string;
  senderName: string;
  outcome: "confirmed" | "no_longer_needed";
  confirmedBy: string;
  confirmedAt: string;
  ip: string | null;
  reviewDateBefore: string;
  reviewDateAfter: string | null;
  campaignId: string;
  campaignStartedBy: string;
  scope: {
    fromDomains: string[];
    allowedFromAddresses: string[];
    allowedCidrs: string[];
    rateLimitPerMinute: number;
    rateLimitPerDay: number;
    revision: number;
  };
}

export interface RecertificationReport {
  rows: RecertificationRow[];
  page: number;
  pageCount: number;
  total: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function conditions(filter: RecertificationReportFilter): SQL[] {
  const where: SQL[] = [];
  if (filter.sender) where.push(ilike(recertifications.senderName, `%${escapeLike(filter.sender)}%`));
  if (filter.outcome) where.push(eq(recertifications.outcome, filter.outcome));
  if (filter.from) where.push(gte(recertifications.confirmedAt, new Date(`${filter.from}T00:00:00Z`)));
  if (filter.to)
    where.push(lt(recertifications.confirmedAt, new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS)));
  return where;
}

// Who confirmed what and when, newest first: the auditor's report (page, CSV, API).
export async function listRecertifications(
  filter: RecertificationReportFilter,
  db: Executor = getDb(),
): Promise<RecertificationReport> {
  const where = and(...conditions(filter));
  const [{ n }] = await db.select({ n: count() }).from(recertifications).where(where);
  const pageCount = Math.max(1, Math.ceil(n / filter.limit));
  const page = Math.min(filter.page, pageCount);
  const rows = await db
    .select({
      answer: recertifications,
      campaignId: recertificationRequests.campaignId,
      startedBy: recertificationCampaigns.startedByLabel,
    })
    .from(recertifications)
    .innerJoin(recertificationRequests, eq(recertificationRequests.id, recertifications.requestId))
    .innerJoin(recertificationCampaigns, eq(recertificationCampaigns.id, recertificationRequests.campaignId))
    .where(where)
    .orderBy(desc(recertifications.confirmedAt), desc(recertifications.id))
    .limit(filter.limit)
    .offset((page - 1) * filter.limit);
  return {
    rows: rows.map(({ answer, campaignId, startedBy }) => {
      const scope = answer.scope as SenderScope;
      return {
        id: answer.id,
        senderId: answer.senderId,
        senderName: answer.senderName,
        outcome: answer.outcome,
        confirmedBy: answer.confirmedBy,
        confirmedAt: answer.confirmedAt.toISOString(),
        ip: answer.ip,
        reviewDateBefore: answer.reviewDateBefore,
        reviewDateAfter: answer.reviewDateAfter,
        campaignId,
        campaignStartedBy: startedBy,
        scope: {
          fromDomains: scope.fromDomains,
          allowedFromAddresses: scope.allowedFromAddresses,
          allowedCidrs: scope.allowedCidrs,
          rateLimitPerMinute: scope.rateLimitPerMinute,
          rateLimitPerDay: scope.rateLimitPerDay,
          revision: scope.revision,
        },
      };
    }),
    page,
    pageCount,
    total: n,
  };
}
