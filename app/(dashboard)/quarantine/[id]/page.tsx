import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import {
  ApproveReleaseBlocked,
  ApproveReleaseDialog,
} from "@/app/(dashboard)/quarantine/_components/approve-release-dialog";
import { DeleteQuarantinedDialog } from "@/app/(dashboard)/quarantine/_components/delete-quarantined-dialog";
import { RejectReleaseDialog } from "@/app/(dashboard)/quarantine/_components/reject-release-dialog";
import { RequestReleaseDialog } from "@/app/(dashboard)/quarantine/_components/request-release-dialog";
import { FindingsList } from "@/components/quarantine/findings-list";
import { HeadersTable } from "@/components/quarantine/headers-table";
import { MessageFacts } from "@/components/quarantine/message-facts";
import { QuarantineStatusBadge } from "@/components/quarantine/quarantine-status-badge";
import { QuarantineTimeline } from "@/components/quarantine/quarantine-timeline";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { getQuarantined, type QuarantineDetail } from "@/lib/quarantine/get-quarantined";
import { approvalBlocker } from "@/lib/quarantine/release-rules";

export const metadata: Metadata = { title: "Quarantined message" };

const personLabel = (p: QuarantineDetail["requester"]) => (p ? `${p.name} (${p.email})` : "someone");

// What the page says about the message's state, beside the actions.
function statusNote(message: QuarantineDetail, viewerId: string): string | null {
  switch (message.status) {
    case "held":
      return null;
    case "release_requested":
      return message.releaseRequestedBy === viewerId
        ? "You requested this release: it waits for another person (security or an admin). You cannot approve your own request."
        : `${personLabel(message.requester)} requested this release: it waits for a second person to approve or reject it.`;
    case "released":
      return message.settledAt
        ? "Released: the relay has handed it to its outbound queue."
        : "Released: the relay that holds it delivers it within seconds.";
    case "delivered":
      return "Released and delivered.";
    case "deleted":
    case "expired":
      return message.settledAt
        ? "Removed from the relay's quarantine."
        : "The relay that holds it removes it within seconds.";
  }
}

export default async function QuarantinedMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await requirePage("quarantine:read");
  const { id } = await params;
  const message = await getQuarantined(id);
  if (!message) notFound();
  const mayRelease = can(user.role, "quarantine:release");
  const mayDelete = can(user.role, "quarantine:delete");
  const open = message.status === "held" || message.status === "release_requested";
  const blocker = approvalBlocker(message, user.id);
  const note = statusNote(message, user.id);
  return (
    <>
      <PageHeader
        title={message.subject || "(no subject)"}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <QuarantineStatusBadge status={message.status} />
            <span data-testid="quarantine-verdict">{message.verdict}</span>
            <Link href="/quarantine" className="text-brand-600 hover:underline">
              All held messages
            </Link>
          </span>
        }
        actions={
          <div className="flex flex-wrap items-center gap-2" data-testid="quarantine-actions">
            {mayRelease && message.status === "held" ? <RequestReleaseDialog quarantineId={message.id} /> : null}
            {mayRelease && message.status === "release_requested" ? (
              <>
                {blocker ? (
                  <ApproveReleaseBlocked why={blocker} />
                ) : (
                  <ApproveReleaseDialog
                    quarantineId={message.id}
                    requestedBy={personLabel(message.requester)}
                    reason={message.releaseReason}
                  />
                )}
                <RejectReleaseDialog quarantineId={message.id} ownRequest={message.releaseRequestedBy === user.id} />
              </>
            ) : null}
            {mayDelete && open ? <DeleteQuarantinedDialog quarantineId={message.id} /> : null}
          </div>
        }
      />

      {note ? (
        <div className="mb-4">
          <Alert tone="info" testId="quarantine-note">
            <span id={blocker && message.status === "release_requested" ? "release-approve-blocked" : undefined}>
              {note}
            </span>
            {message.status === "release_requested" && message.releaseReason ? (
              <span className="mt-1 block">Reason given: “{message.releaseReason}”</span>
            ) : null}
          </Alert>
        </div>
      ) : null}

      <div className="grid gap-4 lg:grid-cols-2">
        <MessageFacts message={message} />
        <Card>
          <CardHeader title="History" description="Oldest first; every decision is also in the audit log." />
          <QuarantineTimeline steps={message.timeline} />
        </Card>
      </div>

      <Card className="mt-4">
        <CardHeader
          title="Findings"
          description="What held the message, with each match redacted by the relay and shown in its context."
        />
        <FindingsList findings={message.findings} />
      </Card>

      <Card className="mt-4">
        <CardHeader title="Headers" description="As the relay received them." />
        <HeadersTable headers={message.headers} />
      </Card>
    </>
  );
}
