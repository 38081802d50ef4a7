import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AttachmentRulesForm } from "@/app/(dashboard)/content/_components/attachment-rules-form";
import { DeleteProfileDialog } from "@/app/(dashboard)/content/_components/delete-profile-dialog";
import { DlpRuleDialog } from "@/app/(dashboard)/content/_components/dlp-rule-dialog";
import { DlpRulesTable } from "@/app/(dashboard)/content/_components/dlp-rules-table";
import { DryRunCard } from "@/app/(dashboard)/content/_components/dry-run-card";
import { ProfileSettingsForm } from "@/app/(dashboard)/content/_components/profile-settings-form";
import { AuditTable } from "@/components/audit/audit-table";
import { DefaultBadges, ScannerBadges } from "@/components/content/profile-badges";
import { SenderStatusBadge } from "@/components/senders/sender-status-badge";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { ACCEPT_UNSCANNED_WARNING } from "@/lib/content/labels";
import { getContentProfile } from "@/lib/content/list-profiles";
import { listProfileAudit } from "@/lib/content/profile-trail";

export const metadata: Metadata = { title: "Content profile" };

export default async function ContentProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await requirePage("content:read");
  const { id } = await params;
  const profile = await getContentProfile(id);
  if (!profile) notFound();
  const manage = can(user.role, "content:manage");
  const showAudit = can(user.role, "audit:read") || manage;
  const audit = showAudit ? await listProfileAudit(profile.id) : [];
  return (
    <>
      <PageHeader
        title={profile.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <Link href="/content" className="text-brand-600 hover:underline">
              Content
            </Link>
            <DefaultBadges profile={profile} />
            <ScannerBadges profile={profile} />
            <span className="text-xs">revision {profile.revision}</span>
          </span>
        }
        actions={manage ? <DeleteProfileDialog profileId={profile.id} name={profile.name} /> : null}
      />
      {profile.onScannerFailure === "accept" ? (
        <div className="mb-4">
          <Alert testId="profile-accepts-unscanned">{ACCEPT_UNSCANNED_WARNING}</Alert>
        </div>
      ) : null}

      <div className="grid gap-4 xl:grid-cols-2">
        <Card>
          <CardHeader title="Scanning" description="Virus and spam scanning, size bound, scanner failures, defaults." />
          <ProfileSettingsForm profile={profile} readOnly={!manage} />
        </Card>
        <Card>
          <CardHeader title="Attachments" description="Refused by extension, real type or size; zip archives inside." />
          <AttachmentRulesForm profileId={profile.id} rules={profile.attachmentRules} readOnly={!manage} />
        </Card>
      </div>

      <Card className="mt-4">
        <CardHeader
          title="DLP rules"
          description="Subject, text and HTML bodies and text attachments, in this order; only enabled rules reach relays."
          actions={manage ? <DlpRuleDialog profileId={profile.id} /> : null}
        />
        <DlpRulesTable profileId={profile.id} rules={profile.rules} manage={manage} />
      </Card>

      <div className="mt-4 grid gap-4 xl:grid-cols-2">
        <DryRunCard profileId={profile.id} />
        <Card>
          <CardHeader title="Senders" description="Senders (not retired) whose mail this profile checks." />
          {profile.senders.length === 0 ? (
            <EmptyState title="No sender uses this profile" />
          ) : (
            <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="profile-senders">
              {profile.senders.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-2 px-4 py-2">
                  <Link href={`/senders/${s.id}`} className="font-medium text-brand-600 hover:underline">
                    {s.name}
                  </Link>
                  <span className="flex items-center gap-2 text-xs text-slate-500">
                    {s.via === "default" ? "default for its kind" : "chosen"}
                    <SenderStatusBadge status={s.status} />
                  </span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      {showAudit ? (
        <Card className="mt-4">
          <CardHeader title="Audit trail" description="Every change of this profile and its rules, newest first." />
          <AuditTable entries={audit} emptyText="No audit entries for this profile." />
        </Card>
      ) : null}
    </>
  );
}
