import type { Metadata } from "next";
import { StartCampaignForm } from "@/app/(dashboard)/recertification/_components/start-campaign-form";
import { DueSendersTable } from "@/components/recertification/due-senders-table";
import { Pager } from "@/components/recertification/pager";
import { RecertificationTable } from "@/components/recertification/recertification-table";
import { GetFilters } from "@/components/recertification/report-filters";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { fieldErrorsOf } from "@/lib/errors";
import { dueSenders } from "@/lib/recertification/due-senders";
import { listCampaigns } from "@/lib/recertification/list-campaigns";
import { listRecertifications } from "@/lib/recertification/list-recertifications";
import { getSetting } from "@/lib/settings/settings";
import { recertificationReportSchema } from "@/lib/validations/recertification";

export const metadata: Metadata = { title: "Re-certification" };

const DUE_WINDOW_DAYS = 30;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

function firstValues(params: Record<string, string | string[] | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? (v[0] ?? "") : (v ?? "")]));
}

export default async function RecertificationPage({ searchParams }: { searchParams: SearchParams }) {
  const { user } = await requirePage("recertification:read");
  const raw = firstValues(await searchParams);
  const parsed = recertificationReportSchema.safeParse(raw);
  const [report, campaigns, due, autoSuspendDays] = await Promise.all([
    parsed.success ? listRecertifications(parsed.data) : null,
    listCampaigns(),
    dueSenders({ withinDays: DUE_WINDOW_DAYS }),
    getSetting("recertification.autoSuspendAfterDays"),
  ]);
  const values = { sender: raw.sender, outcome: raw.outcome, from: raw.from, to: raw.to };
  const csvParams = new URLSearchParams(Object.entries(values).filter((e): e is [string, string] => !!e[1]));
  return (
    <>
      <PageHeader
        title="Re-certification"
        description={
          autoSuspendDays > 0
            ? `Owners confirm their senders are still needed. Senders not re-certified ${autoSuspendDays} days after their review date are suspended automatically (warnings first).`
            : "Owners confirm their senders are still needed. Automatic suspension is off (recertification.autoSuspendAfterDays)."
        }
      />
      <div className="space-y-6">
        {can(user.role, "recertification:manage") ? (
          <Card>
            <CardHeader
              title="Start a campaign"
              description="Each owner gets a single-use link by mail, through the relay, to confirm the sender unchanged."
            />
            <StartCampaignForm />
          </Card>
        ) : null}
        <Card>
          <CardHeader title={`Due within ${DUE_WINDOW_DAYS} days or overdue`} />
          <DueSendersTable senders={due} />
        </Card>
        <Card>
          <CardHeader
            title="Report: who confirmed what, and when"
            actions={
              <a
                href={`/api/v1/recertifications/export.csv?${csvParams}`}
                className="text-sm font-medium text-brand-600 hover:underline"
                data-testid="recertification-csv"
              >
                Download CSV
              </a>
            }
          />
          <GetFilters
            testId="recertification-filters"
            values={values}
            errors={parsed.success ? undefined : fieldErrorsOf(parsed.error)}
            fields={[
              { name: "sender", label: "Sender", kind: "text", placeholder: "name contains" },
              {
                name: "outcome",
                label: "Answer",
                kind: "select",
                options: [
                  { value: "confirmed", label: "still needed" },
                  { value: "no_longer_needed", label: "no longer needed" },
                ],
              },
              { name: "from", label: "From (UTC day)", kind: "date" },
              { name: "to", label: "To (UTC day)", kind: "date" },
            ]}
          />
          {report ? (
            <>
              <RecertificationTable rows={report.rows} />
              <Pager basePath="/recertification" values={values} {...report} />
            </>
          ) : (
            <div className="p-4">
              <Alert>Fix the filters above to see the report.</Alert>
            </div>
          )}
        </Card>
        <Card>
          <CardHeader title="Campaigns" />
          {campaigns.length === 0 ? (
            <p className="p-4 text-sm text-slate-500">No campaign yet.</p>
          ) : (
            <Table data-testid="campaigns">
              <thead>
                <tr>
                  <Th>Started</Th>
                  <Th>By</Th>
                  <Th>Window</Th>
                  <Th>Senders</Th>
                  <Th>Mailed</Th>
                  <Th>Not mailed</Th>
                </tr>
              </thead>
              <tbody>
                {campaigns.map((c) => (
                  <tr key={c.id}>
                    <Td>
                      <LocalTime value={c.startedAt} />
                    </Td>
                    <Td>{c.startedByLabel}</Td>
                    <Td>{c.dueWithinDays === null ? "all senders" : `due within ${c.dueWithinDays} days`}</Td>
                    <Td>{c.senderCount}</Td>
                    <Td>{c.mailedCount}</Td>
                    <Td>{c.failedCount}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
