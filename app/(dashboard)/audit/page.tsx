import type { Metadata } from "next";
import Link from "next/link";
import { AuditFilters, type AuditFilterValues } from "@/components/audit/audit-filters";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { distinctAuditActions, listAudit } from "@/lib/audit/list-audit";
import { requirePage } from "@/lib/auth/page-guard";
import { fieldErrorsOf } from "@/lib/errors";
import { auditFilterSchema } from "@/lib/validations/audit";

export const metadata: Metadata = { title: "Audit log" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : (v ?? "")]));
}

export default async function AuditPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("audit:read");
  const raw = firstValues(await searchParams);
  const parsed = auditFilterSchema.safeParse(raw);
  const values: AuditFilterValues = {
    actor: raw.actor,
    action: raw.action,
    target: raw.target,
    from: raw.from,
    to: raw.to,
  };
  const [page, actions] = await Promise.all([parsed.success ? listAudit(parsed.data) : null, distinctAuditActions()]);
  const nextParams = page?.nextBefore
    ? new URLSearchParams({
        ...Object.fromEntries(Object.entries(values).filter(([, v]) => v)),
        before: String(page.nextBefore),
      })
    : null;
  const newestParams = new URLSearchParams(Object.entries(values).filter(([, v]) => v) as [string, string][]);
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change, append-only and hash-chained. Verify the chain with npm run audit:verify."
        actions={
          <Link
            href="/audit/denied"
            className="text-sm font-medium text-brand-600 hover:underline"
            data-testid="audit-denied-link"
          >
            Denied attempts →
          </Link>
        }
      />
      <Card>
        <AuditFilters
          values={values}
          actions={actions}
          errors={parsed.success ? undefined : fieldErrorsOf(parsed.error)}
        />
        {!parsed.success ? (
          <div className="p-4">
            <Alert>Fix the filters above to see entries.</Alert>
          </div>
        ) : (
          <>
            <AuditTable entries={page?.entries ?? []} emptyText="No audit entries match these filters." />
            <div className="flex items-center justify-between px-4 py-3 text-sm">
              {raw.before ? (
                <Link href={`/audit?${newestParams}`} className="font-medium text-brand-600 hover:underline">
                  ← Newest
                </Link>
              ) : (
                <span />
              )}
              {nextParams ? (
                <Link
                  href={`/audit?${nextParams}`}
                  className="font-medium text-brand-600 hover:underline"
                  data-testid="audit-older"
                >
                  Older →
                </Link>
              ) : (
                <span className="text-slate-400">End of log</span>
              )}
            </div>
          </>
        )}
      </Card>
    </>
  );
}
