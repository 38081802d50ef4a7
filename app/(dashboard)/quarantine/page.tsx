import type { Metadata } from "next";
import Link from "next/link";
import { QuarantineFilters, type QuarantineFilterValues } from "@/components/quarantine/quarantine-filters";
import { QuarantineTable } from "@/components/quarantine/quarantine-table";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { AppError, fieldErrorsOf } from "@/lib/errors";
import { listQuarantine } from "@/lib/quarantine/list-quarantine";
import { relayOptions } from "@/lib/quarantine/relay-options";
import { listQuarantineSchema } from "@/lib/validations/quarantine";

export const metadata: Metadata = { title: "Quarantine" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : (v ?? "")]));
}

const linkClass = "font-medium text-brand-600 hover:underline";

export default async function QuarantinePage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("quarantine:read");
  const raw = firstValues(await searchParams);
  const parsed = listQuarantineSchema.safeParse(raw);
  const values: QuarantineFilterValues = { status: raw.status, sender: raw.sender, rule: raw.rule, relay: raw.relay };
  const filtered = Object.values(values).some(Boolean);
  // A cursor that names no position (decoded in listQuarantine) is the same bad link as a malformed one.
  const [page, relays] = await Promise.all([
    parsed.success
      ? listQuarantine(parsed.data).catch((error: unknown) => {
          if (error instanceof AppError) return null;
          throw error;
        })
      : null,
    relayOptions(),
  ]);
  const kept = Object.entries(values).filter((e): e is [string, string] => !!e[1]);
  const newest = `/quarantine${kept.length ? `?${new URLSearchParams(kept)}` : ""}`;
  const older = page?.nextBefore ? `/quarantine?${new URLSearchParams([...kept, ["before", page.nextBefore]])}` : null;
  return (
    <>
      <PageHeader
        title="Quarantine"
        description="Messages the relays hold because a content rule said so. A release needs two people: one requests it, another approves. Held messages expire after the retention period (Settings)."
      />
      <Card>
        <QuarantineFilters
          values={values}
          relays={relays}
          errors={parsed.success ? undefined : fieldErrorsOf(parsed.error)}
        />
        {!parsed.success ? (
          <div className="p-4">
            <Alert>Fix the filters above to see messages.</Alert>
          </div>
        ) : !page ? (
          <div className="p-4">
            <Alert>
              That page link is not valid.{" "}
              <Link href={newest} className="underline">
                Show the newest messages
              </Link>
              .
            </Alert>
          </div>
        ) : (
          <>
            <QuarantineTable
              rows={page.rows}
              emptyTitle={
                raw.before ? "No older messages." : filtered ? "No message matches these filters." : "Nothing held."
              }
              emptyText="Messages a relay holds for a DLP, attachment, virus or spam rule with the quarantine action show here."
            />
            <div className="flex items-center justify-between px-4 py-3 text-sm">
              {raw.before ? (
                <Link href={newest} className={linkClass}>
                  ← Newest
                </Link>
              ) : (
                <span />
              )}
              {older ? (
                <Link href={older} className={linkClass} data-testid="quarantine-older">
                  Older →
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
