import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AuditTable } from "@/components/audit/audit-table";
import { formatPct, RateDelta, Stat } from "@/components/overview/overview-stats";
import { SendersAttentionList } from "@/components/overview/senders-attention-list";
import { TopSendersTable } from "@/components/overview/top-senders-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { ROLES } from "@/db/schema";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { overviewFacts } from "@/lib/overview/overview-facts";
import { countOpenQuarantine } from "@/lib/quarantine/list-quarantine";

export const metadata: Metadata = { title: "Overview" };

const num = (n: number) => n.toLocaleString("en-US");

function SectionTitle({ children, aside }: { children: string; aside?: ReactNode }) {
  return (
    <div className="mt-8 mb-3 flex items-baseline justify-between gap-4 first:mt-0">
      <h2 className="text-sm font-semibold uppercase tracking-wide text-slate-500">{children}</h2>
      {aside}
    </div>
  );
}

// The Overview's hint is one line: "2 virus · 1 DLP"; the Deliverability page has the full labels.
const shortReason = (reason: string) =>
  reason === "dlp" || reason === "tls" ? reason.toUpperCase() : reason === "scanner" ? "scanner down" : reason;

const linkClass = "text-sm font-medium text-brand-600 hover:underline";

export default async function OverviewPage() {
  const { user } = await requirePage("overview:read");
  const mayQuarantine = can(user.role, "quarantine:read");
  const [facts, quarantine] = await Promise.all([
    overviewFacts(),
    mayQuarantine ? countOpenQuarantine() : Promise.resolve(null),
  ]);
  const d = facts.deliverability;
  const totalUsers = Object.values(facts.usersByRole).reduce((a, b) => a + b, 0);
  const may = {
    audit: can(user.role, "audit:read"),
    deliverability: can(user.role, "deliverability:read"),
    relays: can(user.role, "relays:read"),
    killSwitch: can(user.role, "kill_switch:read"),
    senders: can(user.role, "senders:read"),
  };
  const relaysTone =
    d.relays.total === 0
      ? undefined
      : d.relays.onCurrentVersion === d.relays.total
        ? "good"
        : d.relays.up === 0
          ? "bad"
          : "warn";
  return (
    <>
      <PageHeader title="Overview" description="The state of this Switchyard deployment." />

      {may.deliverability ? (
        <>
          <SectionTitle
            aside={
              <Link href="/deliverability" className={linkClass} data-testid="overview-deliverability-link">
                Deliverability
              </Link>
            }
          >
            {`Today (UTC, ${d.day.today})`}
          </SectionTitle>
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <Stat
              label="Messages today"
              value={num(d.today.accepted)}
              testId="stat-messages-today"
              hint={`${num(d.yesterday.accepted)} yesterday · ${num(d.today.rejected)} rejected today`}
              href="/deliverability"
            />
            <Stat
              label="Delivery rate"
              value={formatPct(d.today.deliveryRate)}
              testId="stat-delivery-rate"
              hint={
                <RateDelta
                  today={d.today.deliveryRate}
                  yesterday={d.yesterday.deliveryRate}
                  higherIsBetter
                  testId="delta-delivery-rate"
                />
              }
            />
            <Stat
              label="Bounce rate"
              value={formatPct(d.today.bounceRate)}
              testId="stat-bounce-rate"
              hint={
                <RateDelta
                  today={d.today.bounceRate}
                  yesterday={d.yesterday.bounceRate}
                  higherIsBetter={false}
                  testId="delta-bounce-rate"
                />
              }
            />
            <Stat
              label="Complaint rate"
              value={formatPct(d.today.complaintRate)}
              testId="stat-complaint-rate"
              hint={
                <RateDelta
                  today={d.today.complaintRate}
                  yesterday={d.yesterday.complaintRate}
                  higherIsBetter={false}
                  testId="delta-complaint-rate"
                />
              }
            />
          </div>
        </>
      ) : null}

      <SectionTitle>Deployment</SectionTitle>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {may.relays ? (
          <Stat
            label="Relays up"
            value={d.relays.total ? `${d.relays.up} / ${d.relays.total}` : "none"}
            testId="stat-relays"
            tone={relaysTone}
            hint={
              d.relays.total
                ? `${d.relays.onCurrentVersion} on the current policy (v${d.relays.currentVersion})`
                : "Register a relay on the Relays page"
            }
            href="/relays"
          />
        ) : null}
        {may.killSwitch ? (
          <Stat
            label="Kill switches engaged"
            value={d.killSwitches.engaged}
            testId="stat-kill-switches"
            tone={d.killSwitches.global ? "bad" : d.killSwitches.engaged ? "warn" : undefined}
            hint={
              d.killSwitches.global
                ? "The global switch is engaged: no mail leaves"
                : d.killSwitches.engaged
                  ? "Senders, credentials or domains stopped"
                  : "Nothing stopped"
            }
            href="/kill-switch"
          />
        ) : null}
        {quarantine ? (
          <Stat
            label="Quarantine"
            value={`${num(quarantine.held + quarantine.awaitingRelease)} held`}
            testId="stat-quarantine"
            tone={quarantine.held + quarantine.awaitingRelease ? "warn" : undefined}
            hint={
              quarantine.awaitingRelease
                ? `${num(quarantine.awaitingRelease)} release(s) awaiting a second person`
                : "Messages held by content rules"
            }
            href="/quarantine"
          />
        ) : null}
        {may.deliverability ? (
          <Stat
            label="Content rejections today"
            value={num(d.contentRejections.total)}
            testId="stat-content-rejections"
            tone={d.contentRejections.total ? "warn" : undefined}
            hint={
              d.contentRejections.total
                ? d.contentRejections.reasons.map((r) => `${num(r.count)} ${shortReason(r.reason)}`).join(" · ")
                : "Virus, spam, DLP and attachment refusals"
            }
            href="/deliverability"
          />
        ) : null}
        <Stat label="Policy version" value={facts.policyVersion} testId="stat-policy-version" />
        <Stat
          label="Users"
          value={totalUsers}
          testId="stat-users"
          hint={ROLES.map((r) => `${facts.usersByRole[r] ?? 0} ${r}`).join(" · ")}
        />
        <Stat label="Audit entries" value={facts.auditEntries} testId="stat-audit" />
        <Stat
          label="Database"
          value={facts.database.mode === "pglite" ? "Embedded (PGlite)" : "PostgreSQL"}
          testId="stat-database"
          hint={facts.database.location}
        />
      </div>

      {may.deliverability || may.senders ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          {may.deliverability ? (
            <Card>
              <CardHeader
                title="Top senders today"
                description="By messages accepted since midnight UTC."
                actions={
                  <Link href="/deliverability?range=24h" className={linkClass}>
                    All senders
                  </Link>
                }
              />
              <TopSendersTable rows={d.topSenders} />
            </Card>
          ) : null}
          {may.senders ? (
            <Card data-testid="attention-card">
              <CardHeader
                title={`Senders needing attention (${d.attention.total})`}
                description={`${d.attention.counts.reputationSuspend + d.attention.counts.reputationWarn} over a threshold · ${d.attention.counts.reviewOverdue} review overdue · ${d.attention.counts.dormantCredentials} dormant credential(s)`}
                actions={
                  <Link href="/senders?needsReview=1" className={linkClass}>
                    Overdue reviews
                  </Link>
                }
              />
              <SendersAttentionList attention={d.attention} />
            </Card>
          ) : null}
        </div>
      ) : null}

      {may.audit ? (
        <Card className="mt-6">
          <CardHeader
            title="Recent activity"
            actions={
              <Link href="/audit" className={linkClass}>
                Full audit log
              </Link>
            }
          />
          <AuditTable entries={facts.recentAudit} emptyText="No activity yet." />
        </Card>
      ) : null}
    </>
  );
}
