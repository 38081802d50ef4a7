import { Plus } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { SenderFilters } from "@/components/senders/sender-filters";
import { type ListParams, Pagination, SortHeader, senderListHref } from "@/components/senders/sender-list-links";
import { NeedsReviewBadge, PendingChangeBadge, SenderStatusBadge } from "@/components/senders/sender-status-badge";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { AppError, parseInput } from "@/lib/errors";
import { SENDER_KIND_LABELS, SENDER_SORT_LABELS, type SenderSort } from "@/lib/senders/labels";
import { sendersWithPendingChange } from "@/lib/senders/list-change-requests";
import { listSenders } from "@/lib/senders/list-senders";
import { listDomainOptions } from "@/lib/senders/sender-domains";
import { vendorName } from "@/lib/senders/vendor-catalog";
import { senderListQuerySchema } from "@/lib/validations/senders";

export const metadata: Metadata = { title: "Senders" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const PARAM_KEYS = [
  "q",
  "status",
  "kind",
  "vendor",
  "domainId",
  "needsReview",
  "sort",
  "dir",
  "page",
  "pageSize",
] as const;

export default async function SendersPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requirePage("senders:read");
  const raw = await searchParams;
  const params: ListParams = Object.fromEntries(PARAM_KEYS.map((k) => [k, Array.isArray(raw[k]) ? raw[k][0] : raw[k]]));
  // Bad filters in the URL are shown beside the filters (failed.fieldErrors), not as an error page.
  const list = async () => listSenders(parseInput(senderListQuerySchema, params));
  const [result, domains] = await Promise.all([
    list().catch((error: unknown) => {
      if (error instanceof AppError) return error;
      throw error;
    }),
    listDomainOptions({ includeRetired: true }),
  ]);
  const failed = result instanceof AppError ? result : null;
  const page = result instanceof AppError ? null : result;
  const pendingChange = await sendersWithPendingChange(page?.rows.map((s) => s.id) ?? []);
  const sort = (page?.query.sort ?? "name") as SenderSort;
  const dir = page?.query.dir ?? "asc";
  const filtered = PARAM_KEYS.some((k) => !["sort", "dir", "page", "pageSize"].includes(k) && params[k]);
  const header = (column: SenderSort) => (
    <SortHeader params={params} column={column} label={SENDER_SORT_LABELS[column]} sort={sort} dir={dir} />
  );

  return (
    <>
      <PageHeader
        title="Senders"
        description="Applications and SaaS products allowed to send mail through the relay, and who owns them."
        actions={
          can(user.role, "senders:register") ? (
            <Button asChild>
              <Link href="/senders/new" data-testid="register-sender">
                <Plus className="size-4" aria-hidden /> Register sender
              </Link>
            </Button>
          ) : null
        }
      />
      <Card>
        <SenderFilters values={params} domains={domains} errors={failed?.fieldErrors} />
        {failed || !page ? (
          <div className="p-4">
            <Alert>
              {failed?.message ?? "These filters could not be applied."} Fix the filters above to see senders.
            </Alert>
          </div>
        ) : page.rows.length === 0 ? (
          <EmptyState
            title={
              page.total > 0
                ? "No senders on this page"
                : filtered
                  ? "No senders match these filters"
                  : "No senders registered yet"
            }
          >
            {page.total > 0 ? (
              <Link href={senderListHref(params, { page: undefined })} className="text-brand-600 hover:underline">
                Back to the first page
              </Link>
            ) : filtered ? (
              <a href="/senders" className="text-brand-600 hover:underline">
                Clear the filters
              </a>
            ) : (
              "Register the first application or SaaS product that sends mail through the relay."
            )}
          </EmptyState>
        ) : (
          <>
            <Table data-testid="senders-table">
              <thead>
                <tr>
                  <Th>{header("name")}</Th>
                  <Th>{header("status")}</Th>
                  <Th>Kind</Th>
                  <Th>Owner</Th>
                  <Th>From domains</Th>
                  <Th>{header("reviewDate")}</Th>
                  <Th>{header("updatedAt")}</Th>
                </tr>
              </thead>
              <tbody>
                {page.rows.map((s) => (
                  <tr key={s.id} data-testid={`sender-row-${s.slug}`}>
                    <Td>
                      <Link
                        href={`/senders/${s.id}`}
                        className="font-medium text-brand-700 hover:underline dark:text-brand-100"
                      >
                        {s.name}
                      </Link>
                      <div className="font-mono text-xs text-slate-500">{s.slug}</div>
                    </Td>
                    <Td>
                      <div className="flex flex-wrap gap-1">
                        <SenderStatusBadge status={s.status} />
                        {s.needsReview ? <NeedsReviewBadge /> : null}
                        {pendingChange.has(s.id) ? <PendingChangeBadge /> : null}
                      </div>
                    </Td>
                    <Td className="text-xs">
                      <div>{SENDER_KIND_LABELS[s.kind]}</div>
                      {s.vendor ? <div className="text-slate-500">{vendorName(s.vendor)}</div> : null}
                    </Td>
                    <Td className="text-xs">
                      <div>{s.ownerTeam}</div>
                      <div className="text-slate-500">{s.contactEmail}</div>
                    </Td>
                    <Td className="text-xs">{s.domains.map((d) => d.displayName).join(", ")}</Td>
                    <Td
                      className={s.needsReview ? "text-xs font-medium text-amber-700 dark:text-amber-300" : "text-xs"}
                    >
                      {s.reviewDate}
                    </Td>
                    <Td className="text-xs whitespace-nowrap text-slate-500">
                      <LocalTime value={s.updatedAt} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
            <Pagination params={params} page={page.page} pageCount={page.pageCount} total={page.total} />
          </>
        )}
      </Card>
    </>
  );
}
