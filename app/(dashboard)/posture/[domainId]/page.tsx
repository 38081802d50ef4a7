import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { CheckNowButton } from "@/app/(dashboard)/posture/_components/check-now-button";
import { SourcesTable } from "@/app/(dashboard)/posture/_components/sources-table";
import { PassRateChart } from "@/components/charts/pass-rate-chart";
import { FindingsList } from "@/components/posture/findings-list";
import { PostureStatusBadge } from "@/components/posture/posture-status-badge";
import { RejectChecklist, RejectSummaryBadge } from "@/components/posture/reject-checklist";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { type DomainPosture, getDomainPosture } from "@/lib/posture/get-domain-posture";

export const metadata: Metadata = { title: "Domain sources" };

async function loadPosture(domainId: string): Promise<DomainPosture> {
  try {
    return await getDomainPosture({ domainId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function DomainPosturePage({ params }: { params: Promise<{ domainId: string }> }) {
  const { user } = await requirePage("domains:read");
  const { domainId } = await params;
  const posture = await loadPosture(domainId);
  const manage = can(user.role, "domains:manage");
  const highlighted = posture.sources.filter((s) => s.highlight).length;
  return (
    <>
      <div className="mb-2 text-sm">
        <Link href="/posture" className="text-brand-600 hover:underline">
          ← Domain posture
        </Link>
      </div>
      <PageHeader
        title={posture.domain.displayName}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <PostureStatusBadge status={posture.check?.status ?? null} testId="posture-status" />
            <RejectSummaryBadge checklist={posture.pathToReject} />
            {posture.window.hasReports ? (
              <span data-testid="posture-window">
                Reports covering {posture.window.from.toISOString().slice(0, 10)} to{" "}
                {posture.window.to.toISOString().slice(0, 10)} (UTC, last {posture.window.days} days of reports)
              </span>
            ) : (
              <span>No DMARC reports yet</span>
            )}
          </span>
        }
        actions={manage ? <CheckNowButton domainId={posture.domain.id} domain={posture.domain.domain} /> : null}
      />
      <div className="mb-6 grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader
            title="Path to p=reject"
            description="Green when the domain's own mail would survive an enforced policy."
          />
          <RejectChecklist checklist={posture.pathToReject} />
        </Card>
        <Card className="p-4">
          <PassRateChart points={posture.passRate} />
        </Card>
      </div>
      <Card className="mb-6">
        <CardHeader
          title="Sources"
          description={
            highlighted
              ? `${highlighted} source(s) are unknown or not registered: register the legitimate ones as senders, mark the rest as spoofing.`
              : "Every source is our relay, a registered sender, or reviewed."
          }
        />
        <SourcesTable
          domainId={posture.domain.id}
          domain={posture.domain.displayName}
          sources={posture.sources}
          canMark={manage}
          canRegister={can(user.role, "senders:register")}
        />
      </Card>
      <Card>
        <CardHeader
          title="DNS findings"
          description={
            posture.check ? (
              <>
                Checked <LocalTime value={posture.check.checkedAt} /> in {posture.check.durationMs} ms
              </>
            ) : (
              "Not checked yet."
            )
          }
        />
        {posture.check ? <FindingsList findings={posture.check.findings} testId="posture-findings" /> : null}
      </Card>
    </>
  );
}
