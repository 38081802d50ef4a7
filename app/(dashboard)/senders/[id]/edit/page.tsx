import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { SenderForm } from "@/app/(dashboard)/senders/_components/sender-form";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { contentProfileOptions } from "@/lib/content/list-profiles";
import { getSender } from "@/lib/senders/get-sender";
import { EDITABLE_STATUSES, FOUR_EYES_STATUSES, RELAY_VISIBLE_STATUSES } from "@/lib/senders/lifecycle";
import { listDomainOptions } from "@/lib/senders/sender-domains";

export const metadata: Metadata = { title: "Edit sender" };

export default async function EditSenderPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("senders:update");
  const { id } = await params;
  const sender = await getSender(id);
  if (!sender) notFound();
  const [active, contentProfiles] = await Promise.all([listDomainOptions(), contentProfileOptions()]);
  // Keep the sender's current domains visible even if one was retired since, so it can be unticked.
  const domains = [...active, ...sender.domains.filter((d) => !active.some((a) => a.id === d.id))];
  return (
    <>
      <PageHeader title={`Edit ${sender.name}`} description={<span className="font-mono">{sender.slug}</span>} />
      {!EDITABLE_STATUSES.includes(sender.status) ? (
        <Alert>A {sender.status} sender can no longer be edited.</Alert>
      ) : (
        <Card className="max-w-4xl p-5">
          {FOUR_EYES_STATUSES.includes(sender.status) ? (
            <div className="mb-4">
              <Alert tone="info" testId="sender-edit-four-eyes">
                This sender is {sender.status}. Narrowing its domains, addresses, networks or rate limits applies at
                once
                {RELAY_VISIBLE_STATUSES.includes(sender.status)
                  ? " and reaches the relays with the next policy version"
                  : ""}
                ; widening them (a new From domain or address, a new source network, a higher rate, or an emptied list
                meaning “any”, a content profile with fewer checks) waits for approval by another person. The form shows
                the current values; what is already awaiting approval stays pending unless you change that field.
              </Alert>
            </div>
          ) : null}
          <SenderForm
            mode="edit"
            senderId={sender.id}
            domains={domains}
            contentProfiles={contentProfiles}
            initial={{
              name: sender.name,
              kind: sender.kind,
              vendor: sender.vendor ?? "",
              ownerTeam: sender.ownerTeam,
              contactEmail: sender.contactEmail,
              purpose: sender.purpose,
              fromDomainIds: sender.domains.map((d) => d.id),
              allowedFromAddresses: sender.allowedFromAddresses.join("\n"),
              allowedCidrs: sender.allowedCidrs.join("\n"),
              rateLimitPerMinute: String(sender.rateLimitPerMinute),
              rateLimitPerDay: String(sender.rateLimitPerDay),
              reviewDate: sender.reviewDate,
              contentProfileId: sender.contentProfileId ?? "",
            }}
          />
        </Card>
      )}
    </>
  );
}
