import { eq } from "drizzle-orm";
import { z } from "zod";
import { getDb } from "@/db/client";
import { dmarcSourceMarks, sendingDomains, users } from "@/db/schema";
import { AppError } from "@/lib/errors";
import { type PostureResolver, reverseDnsResolver } from "@/lib/posture/dns-resolver";
import { VENDOR_IDS } from "@/lib/senders/vendor-catalog";
import { classifySource, loadClassifyContext, type SourceClass } from "./classify-source";
import { reverseNames } from "./reverse-dns";
import { DEFAULT_WINDOW_DAYS, type ReportWindow, reportWindow, type SourceStats, sourceStats } from "./source-stats";

export interface SourceMark {
  verdict: string;
  note: string | null;
  markedAt: Date;
  markedBy: string | null;
}

export interface SourceRow extends SourceStats {
  classification: SourceClass;
  reverseName: string | null;
  mark: SourceMark | null;
  // Unknown or unregistered and not marked: someone should look at it.
  highlight: boolean;
  // A prefilled sender registration for an unregistered source.
  registration: { label: string; href: string } | null;
}

export interface DomainSources {
  domain: { id: string; domain: string; displayName: string };
  window: ReportWindow;
  sources: SourceRow[];
}

const hostCidr = (ip: string) => (ip.includes(":") ? `${ip}/128` : `${ip}/32`);

// The sender registration page reads these query parameters to prefill its form.
export function registrationHref(params: {
  name?: string;
  kind?: string;
  vendor?: string | null;
  cidrs: string;
}): string {
  const query = new URLSearchParams();
  if (params.name) query.set("name", params.name);
  if (params.kind) query.set("kind", params.kind);
  if (params.vendor && VENDOR_IDS.includes(params.vendor)) query.set("vendor", params.vendor);
  query.set("cidrs", params.cidrs);
  return `/senders/new?${query.toString()}`;
}

function registrationFor(row: {
  sourceIp: string;
  classification: SourceClass;
  reverseName: string | null;
}): SourceRow["registration"] {
  const cls = row.classification;
  if (cls.kind === "provider") {
    return {
      label: `Register ${cls.label}`,
      href: registrationHref({
        name: cls.label,
        kind: "saas",
        vendor: cls.catalogVendor,
        cidrs: cls.network ?? hostCidr(row.sourceIp),
      }),
    };
  }
  if (cls.kind === "unknown")
    return {
      label: "Register as sender",
      href: registrationHref({ name: row.reverseName ?? undefined, cidrs: hostCidr(row.sourceIp) }),
    };
  return null;
}

export async function findSendingDomain(domainId: string) {
  if (!z.uuid().safeParse(domainId).success) throw new AppError("not_found", "No such sending domain");
  const [domain] = await getDb()
    .select({ id: sendingDomains.id, domain: sendingDomains.domain, displayName: sendingDomains.displayName })
    .from(sendingDomains)
    .where(eq(sendingDomains.id, domainId));
  if (!domain) throw new AppError("not_found", "No such sending domain");
  return domain;
}

// Every source address seen in the domain's reports over the window, classified, with its marks.
export async function listDomainSources({
  domainId,
  days = DEFAULT_WINDOW_DAYS,
  resolver = reverseDnsResolver(),
}: {
  domainId: string;
  days?: number;
  resolver?: PostureResolver;
}): Promise<DomainSources> {
  const domain = await findSendingDomain(domainId);
  const db = getDb();
  const window = await reportWindow(domain.domain, days, db);
  const [stats, context, marks] = await Promise.all([
    sourceStats({ domain: domain.domain, from: window.from, to: window.to, db }),
    loadClassifyContext(db),
    db
      .select({
        sourceIp: dmarcSourceMarks.sourceIp,
        verdict: dmarcSourceMarks.verdict,
        note: dmarcSourceMarks.note,
        markedAt: dmarcSourceMarks.markedAt,
        markedBy: users.email,
      })
      .from(dmarcSourceMarks)
      .leftJoin(users, eq(users.id, dmarcSourceMarks.markedBy))
      .where(eq(dmarcSourceMarks.domain, domain.domain)),
  ]);
  const byRange = stats.map((s) => ({
    stats: s,
    cls: classifySource(s.sourceIp, context, { authDomains: s.authDomains }),
  }));
  const names = await reverseNames(
    byRange.filter((r) => r.cls.kind === "unknown").map((r) => r.stats.sourceIp),
    resolver,
  );
  const markOf = new Map(marks.map((m) => [m.sourceIp, m]));
  const sources = byRange.map(({ stats: s, cls }): SourceRow => {
    const reverse = names.get(s.sourceIp)?.[0] ?? null;
    const classification =
      cls.kind === "unknown"
        ? classifySource(s.sourceIp, context, { authDomains: s.authDomains, reverseNames: names.get(s.sourceIp) })
        : cls;
    const found = markOf.get(s.sourceIp);
    const mark = found
      ? { verdict: found.verdict, note: found.note, markedAt: found.markedAt, markedBy: found.markedBy }
      : null;
    const unregistered = classification.kind === "unknown" || classification.kind === "provider";
    const row = {
      ...s,
      classification,
      reverseName: reverse,
      mark,
      highlight: unregistered && !mark,
      registration: null as SourceRow["registration"],
    };
    row.registration = unregistered && !mark ? registrationFor(row) : null;
    return row;
  });
  return { domain, window, sources };
}
