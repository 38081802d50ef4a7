import type { Metadata } from "next";
import Link from "next/link";
import { CheckNowButton } from "@/app/(dashboard)/posture/_components/check-now-button";
import { UploadReportDialog } from "@/app/(dashboard)/posture/_components/upload-report-dialog";
import { FindingsList } from "@/components/posture/findings-list";
import { PostureStatusBadge } from "@/components/posture/posture-status-badge";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { postureOverview } from "@/lib/posture/posture-overview";
import { getSetting } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Domain posture" };

export default async function PosturePage() {
  const { user } = await requirePage("domains:read");
  const manage = can(user.role, "domains:manage");
  const [domains, intervalMinutes] = await Promise.all([postureOverview(), getSetting("dns.checkIntervalMinutes")]);
  return (
    <>
      <PageHeader
        title="Domain posture"
        description={`SPF, DKIM and DMARC health of each sending domain (checked every ${intervalMinutes} minutes), and who sends as it according to DMARC reports.`}
        actions={manage ? <UploadReportDialog /> : null}
      />
      {domains.length === 0 ? (
        <Card>
          <EmptyState title="No sending domains yet">
            Add a domain on the Domains page; its DNS is checked from then on.
          </EmptyState>
        </Card>
      ) : (
        <div className="space-y-4" data-testid="posture-domains">
          {domains.map((d) => (
            <Card key={d.id} data-testid={`posture-domain-${d.domain}`}>
              <CardHeader
                title={
                  <span className="flex flex-wrap items-center gap-2">
                    <Link href={`/posture/${d.id}`} className="text-brand-600 hover:underline">
                      {d.displayName}
                    </Link>
                    <PostureStatusBadge status={d.check?.status ?? null} testId={`posture-status-${d.domain}`} />
                  </span>
                }
                description={
                  <span className="flex flex-wrap gap-x-3">
                    <span>
                      {d.check ? (
                        <>
                          Checked <LocalTime value={d.check.checkedAt} />
                        </>
                      ) : (
                        "Not checked yet"
                      )}
                    </span>
                    <span data-testid={`posture-pass-rate-${d.domain}`}>
                      {d.dmarc
                        ? `DMARC pass ${d.dmarc.passRate}% of ${d.dmarc.messages.toLocaleString("en-US")} messages (last 30 days of reports)`
                        : "No DMARC reports yet"}
                    </span>
                  </span>
                }
                actions={
                  <div className="flex items-start gap-2">
                    <Link
                      href={`/posture/${d.id}`}
                      className="inline-flex h-8 items-center rounded-md px-2.5 text-xs font-medium text-brand-600 hover:bg-slate-100 dark:hover:bg-slate-800"
                      data-testid={`posture-sources-link-${d.domain}`}
                    >
                      Sources & path to p=reject
                    </Link>
                    {manage ? <CheckNowButton domainId={d.id} domain={d.domain} /> : null}
                  </div>
                }
              />
              {d.check ? (
                <FindingsList findings={d.check.findings} testId={`posture-findings-${d.domain}`} />
              ) : (
                <p className="px-4 py-3 text-sm text-slate-500">
                  The first check runs within {intervalMinutes} minutes{manage ? ", or use Check now" : ""}.
                </p>
              )}
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
