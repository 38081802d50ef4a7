import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DkimKeyDialog } from "@/app/(dashboard)/domains/_components/dkim-key-dialog";
import { DkimKeysTable } from "@/app/(dashboard)/domains/_components/dkim-keys-table";
import { TargetKillSwitch } from "@/app/(dashboard)/kill-switch/_components/target-kill-switch";
import { DnsRecordsList } from "@/components/domains/dns-records-list";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { type DomainDetail, getDomain } from "@/lib/domains/get-domain";
import { AppError } from "@/lib/errors";
import { getSetting } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Domain" };

async function loadDomain(id: string): Promise<DomainDetail> {
  try {
    return await getDomain({ id });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function DomainPage({ params }: { params: Promise<{ id: string }> }) {
  const { user } = await requirePage("domains:read");
  const { id } = await params;
  const [{ domain, keys, dns, reportEmail, reportEmailIsDefault }, defaultOverlapDays] = await Promise.all([
    loadDomain(id),
    getSetting("dkim.defaultOverlapDays"),
  ]);
  const manage = can(user.role, "domains:manage") && domain.status === "active";
  const hasActiveKey = keys.some((key) => key.status === "active");
  const stagedKeys = keys
    .filter((key) => key.status === "published" && !key.retireAfter)
    .map(({ id: keyId, selector }) => ({ id: keyId, selector }));
  const zoneFile = dns.records.map((record) => record.zoneLine).join("\n");
  const dialogProps = {
    domainId: domain.id,
    domainName: domain.displayName,
    hasActiveKey,
    stagedKeys,
    defaultOverlapDays,
  };
  return (
    <>
      <div className="mb-2 text-sm">
        <Link href="/domains" className="text-brand-600 hover:underline">
          ← Sending domains
        </Link>
      </div>
      <PageHeader
        title={domain.displayName}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge tone={domain.status === "active" ? "green" : "neutral"}>{domain.status}</Badge>
            {domain.displayName !== domain.domain ? (
              <span className="font-mono" data-testid="domain-punycode">
                {domain.domain}
              </span>
            ) : null}
            <span>
              DMARC reports to {reportEmail}
              {reportEmailIsDefault ? " (default)" : ""}
            </span>
          </span>
        }
      />
      {dns.warnings.length ? (
        <div className="mb-4 space-y-2" data-testid="dns-warnings">
          {dns.warnings.map((warning) => (
            <Alert key={warning}>{warning}</Alert>
          ))}
        </div>
      ) : null}
      <Card className="mb-6">
        <CardHeader
          title="Kill switch"
          description="Stops all mail with a From address at this domain, from every sender, on every relay."
        />
        <div className="px-4 py-3">
          <TargetKillSwitch scope="domain" targetId={domain.id} label={domain.displayName} role={user.role} />
        </div>
      </Card>
      <Card className="mb-6">
        <CardHeader
          title="DNS records to publish"
          description="TXT records in the domain's zone. Remove a DKIM record only once its key is retired."
          actions={<CopyButton value={zoneFile} label="Copy all as zone file" testId="copy-zone-file" />}
        />
        <DnsRecordsList records={dns.records} />
      </Card>
      <Card>
        <CardHeader
          title="DKIM keys"
          description="Private keys are encrypted at rest and never shown; the relays receive the active one."
          actions={
            manage ? (
              <div className="flex gap-2">
                <DkimKeyDialog mode="generate" {...dialogProps} />
                {hasActiveKey ? <DkimKeyDialog mode="rotate" {...dialogProps} /> : null}
              </div>
            ) : null
          }
        />
        <DkimKeysTable keys={keys} domainName={domain.displayName} manage={manage} />
      </Card>
    </>
  );
}
