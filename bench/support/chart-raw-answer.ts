import { deliveryEventTypeEnum } from "@/db/schema";

// The chart bench's reference: the Deliverability page's answer computed from the raw events, and
// the check that the rollups give the same one.

export interface Answer {
  series: Map<number, Record<string, number>>;
  totals: Record<string, number>;
  recipients: Map<string, Record<string, number>>;
  senders: Map<string, Record<string, number>>;
  reasons: Map<string, number>;
}

export interface RawFilter {
  senderId?: string;
  fromDomain?: string;
  recipientDomain?: string;
}

// The same page computed from the raw events: five GROUP BYs, concurrently like the rollup side,
// with the filters defined as the rollups define the dimensions (lib/events/rollup.ts).
export async function rawAnswer(from: Date, to: Date, stepSeconds: number, filter: RawFilter = {}): Promise<Answer> {
  const { getDb } = await import("@/db/client");
  const { sql } = await import("drizzle-orm");
  const db = getDb();
  const where = sql.join(
    [
      sql`at >= ${from.toISOString()}::timestamptz and at < ${to.toISOString()}::timestamptz`,
      ...(filter.senderId ? [sql`sender_id = ${filter.senderId}::uuid`] : []),
      ...(filter.fromDomain ? [sql`coalesce(lower(split_part(from_address, '@', 2)), '') = ${filter.fromDomain}`] : []),
      ...(filter.recipientDomain ? [sql`coalesce(recipient_domain, '') = ${filter.recipientDomain}`] : []),
    ],
    sql` and `,
  );
  type Row = { k: string; type: string; n: string };
  const q = (key: ReturnType<typeof sql>, extra = sql``) =>
    db
      .execute<Row>(
        sql`select ${key}::text as k, type::text as type, count(*)::text as n from delivery_events where ${where}${extra} group by 1, 2`,
      )
      .then((r) => r.rows);
  const [series, totals, recipients, senders, reasons] = await Promise.all([
    q(
      sql`extract(epoch from date_bin('${sql.raw(String(stepSeconds))} seconds'::interval, at, timestamptz '1970-01-01 00:00:00+00'))`,
    ),
    q(sql`''`),
    q(sql`coalesce(recipient_domain, '')`),
    q(sql`coalesce(sender_id, '00000000-0000-0000-0000-000000000000'::uuid)`),
    q(sql`coalesce(reason, '')`, sql` and type = 'rejected'`),
  ]);
  const pivot = (rows: Row[]) => {
    const out = new Map<string, Record<string, number>>();
    for (const r of rows) out.set(r.k, { ...out.get(r.k), [r.type]: Number(r.n) });
    return out;
  };
  return {
    series: new Map([...pivot(series)].map(([k, v]) => [Number(k) * 1000, v])),
    totals: pivot(totals).get("") ?? {},
    recipients: pivot(recipients),
    senders: pivot(senders),
    reasons: new Map(reasons.map((r) => [r.k, Number(r.n)])),
  };
}

type Dashboard = Awaited<ReturnType<typeof import("@/lib/deliverability/dashboard").deliverabilityDashboard>>;
const OUTCOME_KEYS = deliveryEventTypeEnum.enumValues;
const nonZero = (c: Partial<Record<(typeof OUTCOME_KEYS)[number], number | null>>) =>
  Object.fromEntries(OUTCOME_KEYS.filter((o) => c[o]).map((o) => [o, c[o]]));

export function assertSame(d: Dashboard, raw: Answer) {
  const problems: string[] = [];
  const same = (what: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) !== JSON.stringify(b))
      problems.push(`${what}: rollups ${JSON.stringify(a)} vs raw ${JSON.stringify(b)}`);
  };
  same("totals", nonZero(d.totals), nonZero(raw.totals));
  for (const p of d.series) same(`series ${p.t}`, nonZero(p), nonZero(raw.series.get(Date.parse(p.t)) ?? {}));
  same(
    "series buckets with data",
    d.series.filter((p) => Object.keys(nonZero(p)).length).length,
    [...raw.series.values()].filter((v) => Object.keys(nonZero(v)).length).length,
  );
  for (const r of d.byRecipientDomain) same(`recipient ${r.key}`, nonZero(r), nonZero(raw.recipients.get(r.key) ?? {}));
  same("recipient domains", d.byRecipientDomain.length, [...raw.recipients.keys()].filter((k) => k !== "").length);
  for (const r of d.bySender) same(`sender ${r.key}`, nonZero(r), nonZero(raw.senders.get(r.key) ?? {}));
  same("senders", d.bySender.length, raw.senders.size);
  for (const r of d.rejectionReasons) same(`reason ${r.reason}`, r.count, raw.reasons.get(r.reason) ?? 0);
  if (problems.length)
    throw new Error(`The rollups and the raw events disagree:\n  ${problems.slice(0, 5).join("\n  ")}`);
}
