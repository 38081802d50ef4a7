import type { Metadata } from "next";
import Link from "next/link";
import { AddDomainDialog } from "@/app/(dashboard)/domains/_components/add-domain-dialog";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listDomains } from "@/lib/domains/list-domains";
import { getSetting } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Domains" };

export default async function DomainsPage() {
  const { user } = await requirePage("domains:read");
  const manage = can(user.role, "domains:manage");
  const [domains, defaultReportEmail] = await Promise.all([listDomains(), getSetting("dmarc.reportEmail")]);
  return (
    <>
      <PageHeader
        title="Sending domains"
        description="The domains relays sign mail for, their DKIM keys, and the DNS records to publish."
        actions={manage ? <AddDomainDialog defaultReportEmail={defaultReportEmail} /> : null}
      />
      <Card>
        {domains.length === 0 ? (
          <EmptyState title="No sending domains yet">
            {manage
              ? "Add the domain your senders use in From addresses; its first DKIM key is generated with it."
              : "An infrastructure or security user adds them."}
          </EmptyState>
        ) : (
          <Table data-testid="domains-table">
            <thead>
              <tr>
                <Th>Domain</Th>
                <Th>Status</Th>
                <Th>Active selector</Th>
                <Th>Keys</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody>
              {domains.map((domain) => (
                <tr key={domain.id} data-testid={`domain-row-${domain.domain}`}>
                  <Td>
                    <Link href={`/domains/${domain.id}`} className="font-medium text-brand-600 hover:underline">
                      {domain.displayName}
                    </Link>
                    {domain.displayName !== domain.domain ? (
                      <div className="font-mono text-xs text-slate-500">{domain.domain}</div>
                    ) : null}
                  </Td>
                  <Td>
                    <Badge tone={domain.status === "active" ? "green" : "neutral"}>{domain.status}</Badge>
                  </Td>
                  <Td className="font-mono text-sm">
                    {domain.activeSelector ?? <Badge tone="red">no active key</Badge>}
                  </Td>
                  <Td className="tabular-nums">{domain.keyCount}</Td>
                  <Td className="text-xs text-slate-500">
                    <LocalTime value={domain.createdAt} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
