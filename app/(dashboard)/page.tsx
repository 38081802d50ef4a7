import type { Metadata } from "next";
import Link from "next/link";
import { AuditTable } from "@/components/audit/audit-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { ROLES } from "@/db/schema";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { overviewFacts } from "@/lib/overview/overview-facts";

export const metadata: Metadata = { title: "Overview" };

function Stat({ label, value, testId, hint }: { label: string; value: string | number; testId: string; hint?: string }) {
  return (
    <Card className="p-4">
      <div className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </div>
      {hint ? <div className="mt-1 truncate text-xs text-slate-500">{hint}</div> : null}
    </Card>
  );
}

export default async function OverviewPage() {
  const { user } = await requirePage("overview:read");
  const facts = await overviewFacts();
  const totalUsers = Object.values(facts.usersByRole).reduce((a, b) => a + b, 0);
  const mayReadAudit = can(user.role, "audit:read");
  return (
    <>
      <PageHeader title="Overview" description="The state of this Switchyard deployment." />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Users" value={totalUsers} testId="stat-users" hint={ROLES.map((r) => `${facts.usersByRole[r] ?? 0} ${r}`).join(" · ")} />
        <Stat label="Audit entries" value={facts.auditEntries} testId="stat-audit" />
        <Stat label="Policy version" value={facts.policyVersion} testId="stat-policy-version" />
        <Stat
          label="Database"
          value={facts.database.mode === "pglite" ? "Embedded (PGlite)" : "PostgreSQL"}
          testId="stat-database"
          hint={facts.database.location}
        />
      </div>
      {mayReadAudit ? (
        <Card className="mt-6">
          <CardHeader
            title="Recent activity"
            actions={
              <Link href="/audit" className="text-sm font-medium text-brand-600 hover:underline">
                Full audit log
              </Link>
            }
          />
          <AuditTable entries={facts.recentAudit} emptyText="No activity yet." />
        </Card>
      ) : null}
    </>
  );
}
