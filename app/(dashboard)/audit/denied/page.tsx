import type { Metadata } from "next";
import Link from "next/link";
import { DeniedAttemptsTable } from "@/components/audit/denied-attempts-table";
import { Pager } from "@/components/recertification/pager";
import { GetFilters } from "@/components/recertification/report-filters";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listDeniedAttempts } from "@/lib/denied-attempts/list-denied-attempts";
import { fieldErrorsOf } from "@/lib/errors";
import { deniedAttemptsFilterSchema } from "@/lib/validations/denied-attempts";

export const metadata: Metadata = { title: "Denied attempts" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : (v ?? "")]));
}

// Refused authorizations (403) from the dashboard, its pages and the API, counted per actor,
// permission and minute: security and auditors see who tried what they may not do.
export default async function DeniedAttemptsPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("audit:read");
  const raw = firstValues(await searchParams);
  const parsed = deniedAttemptsFilterSchema.safeParse(raw);
  const page = parsed.success ? await listDeniedAttempts(parsed.data) : null;
  const values = { actor: raw.actor, permission: raw.permission, surface: raw.surface, from: raw.from, to: raw.to };
  return (
    <>
      <PageHeader
        title="Denied attempts"
        description="Refused authorizations, counted per actor, permission and minute (kept outside the audit chain)."
        actions={
          <Link href="/audit" className="text-sm font-medium text-brand-600 hover:underline">
            ← Audit log
          </Link>
        }
      />
      <Card>
        <GetFilters
          testId="denied-filters"
          values={values}
          errors={parsed.success ? undefined : fieldErrorsOf(parsed.error)}
          fields={[
            { name: "actor", label: "Actor", kind: "text", placeholder: "contains" },
            { name: "permission", label: "Permission", kind: "text", placeholder: "e.g. users:manage" },
            {
              name: "surface",
              label: "Surface",
              kind: "select",
              options: [
                { value: "ui", label: "action" },
                { value: "api", label: "API" },
                { value: "page", label: "page" },
              ],
            },
            { name: "from", label: "From (UTC day)", kind: "date" },
            { name: "to", label: "To (UTC day)", kind: "date" },
          ]}
        />
        {page ? (
          <>
            <DeniedAttemptsTable rows={page.rows} />
            <Pager basePath="/audit/denied" values={values} {...page} />
          </>
        ) : (
          <div className="p-4">
            <Alert>Fix the filters above to see entries.</Alert>
          </div>
        )}
      </Card>
    </>
  );
}
