import type { Metadata } from "next";
import { SenderForm } from "@/components/senders/sender-form";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { addYearsUtc, todayUtc } from "@/lib/senders/review";
import { listDomainOptions } from "@/lib/senders/sender-domains";

export const metadata: Metadata = { title: "Register sender" };

export default async function NewSenderPage() {
  await requirePage("senders:register");
  const domains = await listDomainOptions();
  return (
    <>
      <PageHeader
        title="Register a sender"
        description="A registration is a request: someone other than you (security or an admin) approves it before it can be activated."
      />
      <Card className="max-w-4xl p-5">
        <SenderForm
          mode="create"
          domains={domains}
          initial={{
            name: "",
            kind: "internal_onprem",
            vendor: "",
            ownerTeam: "",
            contactEmail: "",
            purpose: "",
            fromDomainIds: domains.length === 1 ? [domains[0].id] : [],
            allowedFromAddresses: "",
            allowedCidrs: "",
            rateLimitPerMinute: "60",
            rateLimitPerDay: "10000",
            reviewDate: addYearsUtc(todayUtc(), 1),
          }}
        />
      </Card>
    </>
  );
}
