import type { Metadata } from "next";
import Link from "next/link";
import { NewProfileDialog } from "@/app/(dashboard)/content/_components/new-profile-dialog";
import { DefaultBadges, ScannerBadges } from "@/components/content/profile-badges";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listContentProfiles } from "@/lib/content/list-profiles";
import { getSetting } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Content" };

export default async function ContentPage() {
  const { user } = await requirePage("content:read");
  const manage = can(user.role, "content:manage");
  const [profiles, tlsDomains] = await Promise.all([listContentProfiles(), getSetting("tls.requiredDomains")]);
  return (
    <>
      <PageHeader
        title="Content"
        description="What relays check in the mail itself: viruses, spam, attachments and data-loss rules. Every sender uses its own profile or its kind's default; changes reach relays within a second."
        actions={manage ? <NewProfileDialog /> : null}
      />
      <Card>
        {profiles.length === 0 ? (
          <EmptyState title="No content profiles">
            {manage ? "Create one to start checking content." : "Security creates them."}
          </EmptyState>
        ) : (
          <Table data-testid="profiles-table">
            <thead>
              <tr>
                <Th>Profile</Th>
                <Th>Default for</Th>
                <Th>Scanners</Th>
                <Th>DLP rules</Th>
                <Th>Senders</Th>
              </tr>
            </thead>
            <tbody>
              {profiles.map((p) => (
                <tr key={p.id} data-testid={`profile-row-${p.name}`}>
                  <Td>
                    <Link href={`/content/${p.id}`} className="font-medium text-brand-600 hover:underline">
                      {p.name}
                    </Link>
                    {p.description ? <div className="max-w-md text-xs text-slate-500">{p.description}</div> : null}
                  </Td>
                  <Td>
                    <DefaultBadges profile={p} />
                  </Td>
                  <Td>
                    <ScannerBadges profile={p} />
                  </Td>
                  <Td className="tabular-nums">
                    {p.enabledRuleCount}
                    {p.ruleCount > p.enabledRuleCount ? (
                      <span className="text-xs text-slate-500"> (+{p.ruleCount - p.enabledRuleCount} off)</span>
                    ) : null}
                  </Td>
                  <Td className="tabular-nums" data-testid="profile-sender-count">
                    {p.senderCount}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <p className="mt-4 text-sm text-slate-500" data-testid="tls-required-domains">
        Recipient domains that receive only over TLS:{" "}
        {tlsDomains.length ? <span className="font-mono">{tlsDomains.join(", ")}</span> : "none"} (setting{" "}
        <Link href="/settings" className="text-brand-600 hover:underline">
          tls.requiredDomains
        </Link>
        ).
      </p>
    </>
  );
}
