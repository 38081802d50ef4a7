import type { Metadata } from "next";
import { SenderForm } from "@/app/(dashboard)/senders/_components/sender-form";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { contentProfileOptions } from "@/lib/content/list-profiles";
import { SENDER_KINDS } from "@/lib/senders/labels";
import { addYearsUtc, todayUtc } from "@/lib/senders/review";
import { listDomainOptions } from "@/lib/senders/sender-domains";
import { findVendor } from "@/lib/senders/vendor-catalog";

export const metadata: Metadata = { title: "Register sender" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

// Prefill from the query string (e.g. "Register Workday" on the domain posture Sources page):
// name, kind, vendor, cidrs and domain. Only known kinds and vendors are taken; the server
// validates everything again on submit.
function prefill(params: Record<string, string | string[] | undefined>) {
  const one = (key: string) => {
    const value = params[key];
    return (Array.isArray(value) ? value[0] : value)?.slice(0, 500) ?? "";
  };
  const kind = SENDER_KINDS.find((k) => k === one("kind")) ?? "internal_onprem";
  const vendor = kind === "saas" && findVendor(one("vendor")) ? one("vendor") : "";
  return { name: one("name").slice(0, 100), kind, vendor, cidrs: one("cidrs"), domain: one("domain").toLowerCase() };
}

export default async function NewSenderPage({ searchParams }: { searchParams: SearchParams }) {
  await requirePage("senders:register");
  const [domains, contentProfiles] = await Promise.all([listDomainOptions(), contentProfileOptions()]);
  const given = prefill(await searchParams);
  const givenDomain = domains.find((d) => d.domain === given.domain);
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
          contentProfiles={contentProfiles}
          initial={{
            name: given.name,
            kind: given.kind,
            vendor: given.vendor,
            ownerTeam: "",
            contactEmail: "",
            purpose: "",
            fromDomainIds: givenDomain ? [givenDomain.id] : domains.length === 1 ? [domains[0].id] : [],
            allowedFromAddresses: "",
            allowedCidrs: given.cidrs,
            rateLimitPerMinute: "60",
            rateLimitPerDay: "10000",
            reviewDate: addYearsUtc(todayUtc(), 1),
            contentProfileId: "",
          }}
        />
      </Card>
    </>
  );
}
