import type { Metadata } from "next";
import Link from "next/link";
import { AddSuppressionDialog } from "@/app/(dashboard)/suppressions/_components/add-suppression-dialog";
import { RemoveSuppressionDialog } from "@/app/(dashboard)/suppressions/_components/remove-suppression-dialog";
import { PageHeader } from "@/components/shell/page-header";
import { SuppressionFilters, type SuppressionFilterValues } from "@/components/suppressions/suppression-filters";
import { SuppressionsTable } from "@/components/suppressions/suppressions-table";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { fieldErrorsOf } from "@/lib/errors";
import { getSettings } from "@/lib/settings/settings";
import { listSuppressions } from "@/lib/suppressions/list-suppressions";
import { suppressionSenderOptions } from "@/lib/suppressions/sender-options";
import { listSuppressionsSchema } from "@/lib/validations/suppressions";

export const metadata: Metadata = { title: "Suppressions" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
const linkClass = "font-medium text-brand-600 hover:underline";

export default async function SuppressionsPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requirePage("suppressions:read");
  const raw = await searchParams;
  const values: SuppressionFilterValues = { q: first(raw.q), sender: first(raw.sender), status: first(raw.status) };
  const parsed = listSuppressionsSchema.safeParse({ ...values, page: first(raw.page) });
  const mayManage = can(user.role, "suppressions:manage");
  const [page, settings, senderOptions] = await Promise.all([
    parsed.success ? listSuppressions(parsed.data) : null,
    getSettings(["suppression.scope", "suppression.days"]),
    mayManage ? suppressionSenderOptions() : [],
  ]);
  const kept = Object.entries(values).filter((e): e is [string, string] => !!e[1]);
  const href = (n: number) => `/suppressions?${new URLSearchParams([...kept, ["page", String(n)]])}`;
  const exportHref = `/api/v1/suppressions/export.csv${kept.length ? `?${new URLSearchParams(kept)}` : ""}`;
  const lastPage = page ? Math.max(1, Math.ceil(page.total / page.limit)) : 1;
  return (
    <>
      <PageHeader
        title="Suppressions"
        description={`Recipients that hard-bounced or complained are suppressed ${
          settings["suppression.scope"] === "global" ? "for every sender" : "for the sender that mailed them"
        } for ${settings["suppression.days"]} days (Settings): relays refuse RCPT to them with 550 5.1.1, so the sending application learns. Removing one needs a reason and is audited.`}
      />
      <div className="mb-4 flex flex-wrap justify-end gap-2">
        <Button asChild variant="secondary">
          <a href={exportHref} data-testid="suppressions-export">
            Export CSV
          </a>
        </Button>
        {mayManage ? <AddSuppressionDialog senders={senderOptions} /> : null}
      </div>
      <Card>
        <SuppressionFilters values={values} errors={parsed.success ? undefined : fieldErrorsOf(parsed.error)} />
        {!page ? (
          <div className="p-4">
            <Alert>Fix the filters above to see suppressions.</Alert>
          </div>
        ) : (
          <>
            <SuppressionsTable
              rows={page.rows}
              emptyTitle={kept.length ? "No suppression matches these filters." : "No recipient is suppressed."}
              actions={
                mayManage
                  ? (row) => <RemoveSuppressionDialog suppressionId={row.id} address={row.address} />
                  : undefined
              }
            />
            <div className="flex items-center justify-between px-4 py-3 text-sm">
              {page.page > 1 ? (
                <Link href={href(page.page - 1)} className={linkClass} data-testid="suppressions-previous">
                  ← Previous
                </Link>
              ) : (
                <span />
              )}
              <span className="text-slate-500" data-testid="suppressions-count">
                {page.total === 0
                  ? "0 suppressions"
                  : `${(page.page - 1) * page.limit + 1}–${Math.min(page.page * page.limit, page.total)} of ${page.total}`}
              </span>
              {page.page < lastPage ? (
                <Link href={href(page.page + 1)} className={linkClass} data-testid="suppressions-next">
                  Next →
                </Link>
              ) : (
                <span className="text-slate-400">End of list</span>
              )}
            </div>
          </>
        )}
      </Card>
    </>
  );
}
