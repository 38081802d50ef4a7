import { and, count, desc, eq, gt, ilike, isNotNull, isNull, lte, ne, or, type SQL } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type Suppression, senders, suppressions } from "@/db/schema";
import type { ListSuppressionsInput } from "@/lib/validations/suppressions";
import { EXPIRY_REMOVER, type SuppressionStatus, suppressionStatus } from "./suppression-status";

export interface SuppressionRow extends Suppression {
  senderName: string | null;
  status: SuppressionStatus;
}

export interface SuppressionPage {
  rows: SuppressionRow[];
  total: number;
  page: number;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// ILIKE matches the text itself, not a pattern.
const contains = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function statusWhere(status: ListSuppressionsInput["status"], now: Date): SQL | undefined {
  const lapsed = and(isNull(suppressions.removedAt), lte(suppressions.expiresAt, now));
  if (status === "active")
    return and(isNull(suppressions.removedAt), or(isNull(suppressions.expiresAt), gt(suppressions.expiresAt, now)));
  if (status === "expired") return or(lapsed, eq(suppressions.removedBy, EXPIRY_REMOVER));
  if (status === "removed") return and(isNotNull(suppressions.removedAt), ne(suppressions.removedBy, EXPIRY_REMOVER));
  return undefined;
}

export function suppressionFilters(input: Pick<ListSuppressionsInput, "q" | "sender" | "status">, now: Date) {
  const { q, sender, status } = input;
  const senderWhere = !sender
    ? undefined
    : sender.toLowerCase() === "global"
      ? isNull(suppressions.senderId)
      : UUID.test(sender)
        ? eq(suppressions.senderId, sender)
        : or(ilike(senders.name, contains(sender)), ilike(senders.slug, contains(sender)));
  return and(q ? ilike(suppressions.address, contains(q)) : undefined, senderWhere, statusWhere(status, now));
}

export function suppressionQuery(where: SQL | undefined) {
  return getDb()
    .select({ suppression: suppressions, senderName: senders.name })
    .from(suppressions)
    .leftJoin(senders, eq(senders.id, suppressions.senderId))
    .where(where)
    .orderBy(desc(suppressions.createdAt), desc(suppressions.id));
}

// Newest first, filtered by address text, sender (id, "global", or name text) and status; one page
// of `limit` rows with the total, so the page can say "51-100 of 1,234".
export async function listSuppressions(input: ListSuppressionsInput): Promise<SuppressionPage> {
  const now = new Date();
  const where = suppressionFilters(input, now);
  const rows = await suppressionQuery(where)
    .limit(input.limit)
    .offset((input.page - 1) * input.limit);
  const [{ total }] = await getDb()
    .select({ total: count() })
    .from(suppressions)
    .leftJoin(senders, eq(senders.id, suppressions.senderId))
    .where(where);
  return {
    rows: rows.map((r) => ({
      ...r.suppression,
      senderName: r.senderName,
      status: suppressionStatus(r.suppression, now),
    })),
    total: Number(total),
    page: input.page,
    limit: input.limit,
  };
}
