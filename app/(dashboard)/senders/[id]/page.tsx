import { Pencil } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { TargetKillSwitch } from "@/app/(dashboard)/kill-switch/_components/target-kill-switch";
import { ChangeRequestPanel } from "@/app/(dashboard)/senders/_components/change-request-panel";
import { DecisionDialog } from "@/app/(dashboard)/senders/_components/decision-dialog";
import { LifecycleDialog } from "@/app/(dashboard)/senders/_components/lifecycle-dialog";
import { CredentialsPanel } from "@/app/(dashboard)/senders/[id]/_components/credentials-panel";
import { MisuseDetectionCard } from "@/app/(dashboard)/senders/[id]/_components/misuse-detection-card";
import { AuditTable } from "@/components/audit/audit-table";
import { SenderDetails, SenderPolicy } from "@/components/senders/sender-details";
import { NeedsReviewBadge, SenderStatusBadge } from "@/components/senders/sender-status-badge";
import { VendorGuidance } from "@/components/senders/vendor-guidance";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { contentProfileOptions } from "@/lib/content/list-profiles";
import { senderContentProfile } from "@/lib/content/sender-profile";
import { describeChanges } from "@/lib/senders/change-diff";
import { getSender, listSenderAudit } from "@/lib/senders/get-sender";
import { availableTransitions, EDITABLE_STATUSES, type LifecycleAction } from "@/lib/senders/lifecycle";
import { getPendingChangeRequest } from "@/lib/senders/list-change-requests";
import { listDomainOptions } from "@/lib/senders/sender-domains";
import { findVendor } from "@/lib/senders/vendor-catalog";
import { getSettings } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Sender" };

const LIFECYCLE_ACTIONS: LifecycleAction[] = ["activate", "suspend", "resume", "retire"];

export default async function SenderPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await requirePage("senders:read");
  const { id } = await params;
  const sender = await getSender(id);
  if (!sender) notFound();
  // The trail shows who did what from where: for roles that read the audit log or edit senders.
  const showAudit = can(user.role, "audit:read") || can(user.role, "senders:update");
  const vendor = sender.kind === "saas" ? findVendor(sender.vendor) : undefined;
  const [audit, relay, change, contentProfile] = await Promise.all([
    showAudit ? listSenderAudit(sender.id) : Promise.resolve([]),
    vendor ? getSettings(["relay.submissionHost", "relay.submissionPort"]) : Promise.resolve(null),
    getPendingChangeRequest(sender.id),
    senderContentProfile(sender),
  ]);
  const changeRows = change
    ? describeChanges(
        change.changes,
        sender,
        await listDomainOptions({ includeRetired: true }),
        await contentProfileOptions(),
      )
    : [];
  const transitions = availableTransitions(sender.status);
  const mayDecide = can(user.role, "senders:approve") && transitions.includes("approve");
  const isRequester = sender.requestedBy === user.id;
  const lifecycle = can(user.role, "senders:lifecycle") ? LIFECYCLE_ACTIONS.filter((a) => transitions.includes(a)) : [];
  const mayEdit = can(user.role, "senders:update") && EDITABLE_STATUSES.includes(sender.status);

  return (
    <>
      <PageHeader
        title={sender.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span className="font-mono">{sender.slug}</span>
            <SenderStatusBadge status={sender.status} />
            {sender.needsReview ? <NeedsReviewBadge /> : null}
          </span>
        }
        actions={
          <div className="flex flex-wrap items-center gap-2" data-testid="sender-actions">
            {mayDecide && !isRequester ? (
              <>
                <DecisionDialog
                  target={{ kind: "registration", senderId: sender.id, revision: sender.revision }}
                  senderName={sender.name}
                  decision="approve"
                />
                <DecisionDialog
                  target={{ kind: "registration", senderId: sender.id, revision: sender.revision }}
                  senderName={sender.name}
                  decision="reject"
                />
              </>
            ) : null}
            {lifecycle.map((action) => (
              <LifecycleDialog key={action} senderId={sender.id} senderName={sender.name} action={action} />
            ))}
            {mayEdit ? (
              <Button asChild variant="secondary">
                <Link href={`/senders/${sender.id}/edit`} data-testid="sender-edit">
                  <Pencil className="size-4" aria-hidden /> Edit
                </Link>
              </Button>
            ) : null}
          </div>
        }
      />

      {sender.status === "requested" ? (
        <div className="mb-4">
          <Alert tone="info" testId="sender-awaiting-approval">
            {isRequester
              ? "You requested this sender: waiting for another approver (security or an admin). You cannot approve your own request."
              : "This registration is waiting for approval by security or an admin other than the requester."}
          </Alert>
        </div>
      ) : null}

      {change ? (
        <ChangeRequestPanel
          request={change}
          rows={changeRows}
          senderName={sender.name}
          viewer={{
            id: user.id,
            mayApprove: can(user.role, "senders:approve"),
            mayEdit: can(user.role, "senders:update"),
          }}
        />
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <SenderDetails sender={sender} />
        <SenderPolicy sender={sender} contentProfile={contentProfile} linkProfile={can(user.role, "content:read")} />
      </div>

      {vendor && relay ? (
        <div className="mt-4">
          <VendorGuidance
            vendor={vendor}
            relay={{ host: relay["relay.submissionHost"], port: relay["relay.submissionPort"] }}
          />
        </div>
      ) : null}

      <Card className="mt-4">
        <CardHeader
          title="Kill switch"
          description="Stops every message of this sender on every relay within a second."
        />
        <div className="px-4 py-3">
          <TargetKillSwitch scope="sender" targetId={sender.id} label={sender.name} role={user.role} />
        </div>
      </Card>

      <section className="mt-4">
        <CredentialsPanel senderId={sender.id} role={user.role} />
      </section>

      <MisuseDetectionCard senderId={sender.id} role={user.role} />

      {showAudit ? (
        <Card className="mt-4">
          <CardHeader
            title="Audit trail"
            description="Every registration, decision, edit and status change of this sender, newest first."
          />
          <AuditTable entries={audit} emptyText="No audit entries for this sender." />
        </Card>
      ) : null}
    </>
  );
}
