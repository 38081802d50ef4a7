import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type DnsCheck, dkimKeys, dnsChecks } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { resolveAlert } from "@/lib/alerts/resolve-alert";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { findDomainOrThrow } from "@/lib/domains/domain-lock";
import { getSettings } from "@/lib/settings/settings";
import type { CheckDomainInput } from "@/lib/validations/posture";
import { defaultResolver, type PostureResolver } from "./dns-resolver";
import type { Finding } from "./finding";
import { dnsCriticalKey, POSTURE_ALERT_KINDS } from "./posture-alerts";
import { runDnsChecks } from "./run-dns-checks";

export interface DnsCheckView extends Omit<DnsCheck, "findings"> {
  findings: Finding[];
  domain: string;
}

// Runs the SPF/DKIM/DMARC checks of one domain against DNS and stores the result. A critical
// result raises an alert (one open per domain); a later non-critical result resolves it. A check a
// person asked for is audited; scheduled ones (the system actor) are not: they change no setting.
export async function checkDomain({
  actor,
  input,
  resolver = defaultResolver(),
}: {
  actor: Actor;
  input: CheckDomainInput;
  resolver?: PostureResolver;
}): Promise<DnsCheckView> {
  const { domainId } = input;
  const db = getDb();
  const domain = await findDomainOrThrow(domainId, db);
  const [keys, settings] = await Promise.all([
    db.select().from(dkimKeys).where(eq(dkimKeys.domainId, domainId)),
    getSettings(["relay.egressAddresses", "dmarc.reportEmail"], db),
  ]);
  // DNS first, outside any transaction: lookups may take seconds.
  const outcome = await runDnsChecks({
    domain: domain.domain,
    keys,
    egressAddresses: settings["relay.egressAddresses"],
    reportEmail: domain.dmarcReportEmail ?? settings["dmarc.reportEmail"],
    resolver,
  });
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(dnsChecks)
      .values({ domainId, status: outcome.status, findings: outcome.findings, durationMs: outcome.durationMs })
      .returning();
    if (actor.kind === "user") {
      await writeAudit(tx, actor, {
        action: "dns_check.run",
        targetType: "sending_domain",
        targetId: domainId,
        after: { status: outcome.status, durationMs: outcome.durationMs },
      });
    }
    const key = dnsCriticalKey(domainId);
    if (outcome.status === "critical") {
      const critical = outcome.findings.filter((f) => f.severity === "critical");
      await raiseAlert(
        {
          kind: POSTURE_ALERT_KINDS.dnsCritical,
          severity: "critical",
          subjectType: "sending_domain",
          subjectId: domainId,
          title: `${domain.displayName}: ${critical[0].title}${critical.length > 1 ? ` (and ${critical.length - 1} more)` : ""}`,
          detail: { domain: domain.domain, findings: critical.map((f) => f.title) },
          dedupeKey: key,
        },
        tx,
      );
    } else {
      await resolveAlert(key, tx);
    }
    return inserted;
  });
  return { ...row, findings: outcome.findings, domain: domain.domain };
}
