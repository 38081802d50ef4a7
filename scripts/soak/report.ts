import fs from "node:fs";
import type { EventFigures, LimitFigures, MessageFigures } from "./checks";
import type { FaultResult } from "./faults";
import type { Leftover } from "./fleet";
import type { RssRow } from "./rss";

// Deliveries one relay may have between the next hop's 250 and its queue file's removal.
export const MAX_REPEATED_AFTER_KILL = 5;

// The soak's result: printed for people, written as JSON for CI (tests/fleet/soak.test.ts).
export interface SoakReport {
  ok: boolean;
  failures: string[];
  run: {
    startedAt: string;
    trafficMinutes: number;
    rate: number;
    short: boolean;
    relays: number;
    replicas: number;
    wallSeconds: number;
    drainSeconds: number;
    drained: boolean;
    // Per relay not drained: mail still queued and event spool segments not yet taken.
    leftAfterDrain: Leftover[];
    runDir: string;
    skippedFaults: string[];
  };
  messages: MessageFigures;
  events: EventFigures;
  faults: FaultResult[];
  limits: LimitFigures[];
  rss: RssRow[];
}

export function failuresOf(report: Omit<SoakReport, "ok" | "failures">): string[] {
  const failures: string[] = [];
  const { messages, events } = report;
  if (messages.lost) failures.push(`${messages.lost} accepted message(s) neither delivered nor bounced`);
  if (messages.duplicated) failures.push(`${messages.duplicated} message(s) delivered more than once`);
  // At most the deliveries a relay can have in flight at the instant of its kill -9.
  if (messages.repeatedAfterKill > MAX_REPEATED_AFTER_KILL)
    failures.push(`${messages.repeatedAfterKill} message(s) delivered again after the kill -9`);
  if (events.missing) failures.push(`${events.missing} spooled event(s) missing from the database`);
  if (events.duplicated) failures.push(`${events.duplicated} event(s) stored more than once`);
  if (events.messagesWithoutTheirEvents)
    failures.push(
      `${events.messagesWithoutTheirEvents} accepted message(s) without exactly one accepted/delivered event`,
    );
  for (const fault of report.faults) if (!fault.survived) failures.push(`fault not survived: ${fault.fault}`);
  for (const limit of report.limits)
    if (!limit.ok)
      failures.push(
        `${limit.sender}: ${limit.maxAcceptedInAMinute} accepted in one minute, limit ${limit.perMinute}/min (+1 % = ${limit.allowed})`,
      );
  for (const left of report.run.leftAfterDrain)
    failures.push(
      `${left.relay} did not drain: ${left.queued} message(s) queued, ${left.spoolSegments} spool segment(s) not taken`,
    );
  if (messages.accepted === 0) failures.push("no message was accepted at all");
  return failures;
}

const mb = (n: number | null) => (n === null ? "–" : `${n} MB`);

export function printReport(report: SoakReport): void {
  const { messages: m, events: e } = report;
  const lines = [
    "",
    `Soak: ${report.run.trafficMinutes} min of traffic at ${report.run.rate} msg/s offered, ${report.run.relays} relays, ${report.run.replicas} replicas (${report.run.wallSeconds} s wall, drained in ${report.run.drainSeconds} s)`,
    `Messages: ${m.offered} offered, ${m.accepted} accepted, ${m.refused} refused; ${m.delivered} delivered, ${m.bounced} bounced; lost ${m.lost}, duplicated ${m.duplicated}${m.repeatedAfterKill ? ` (and ${m.repeatedAfterKill} delivered again after the kill -9: in flight at the kill)` : ""}${m.deliveredAfterRefusal ? `; ${m.deliveredAfterRefusal} delivered though the client saw a failure` : ""}`,
    `Refused: ${
      Object.entries(m.refusedBy)
        .sort((a, b) => b[1] - a[1])
        .map(([why, n]) => `${n}× ${why}`)
        .join("; ") || "none"
    }`,
    `Events: ${e.spooled} spooled, ${e.stored} in the database; missing ${e.missing}, duplicated ${e.duplicated}, set aside ${e.setAside}, not seen in a spool ${e.notSeenInSpool}`,
    `Faults survived: ${report.faults.filter((f) => f.survived).length}/${report.faults.length}${report.run.skippedFaults.length ? ` (skipped: ${report.run.skippedFaults.join(", ")})` : ""}`,
    ...report.faults.map((f) => `  at ${f.atS} s: ${f.fault} — ${f.survived ? "ok" : "FAILED"} (${f.detail})`),
    "Limits (accepted per UTC minute, max):",
    ...report.limits.map(
      (l) =>
        `  ${l.sender}: ${l.maxAcceptedInAMinute} of ${l.perMinute}/min (allowed ${l.allowed}), offered ${l.offeredPerMinute}/min — ${l.ok ? "ok" : "EXCEEDED"}`,
    ),
    "Memory (RSS at traffic start → end):",
    ...report.rss.map(
      (r) =>
        `  ${r.process.padEnd(10)} ${mb(r.startMb)} → ${mb(r.endMb)}${r.restarts ? ` (restarted ${r.restarts}×)` : ""}`,
    ),
    report.ok ? "Soak passed." : `Soak FAILED:\n  - ${report.failures.join("\n  - ")}`,
  ];
  console.log(lines.join("\n"));
}

export function writeReport(file: string, report: SoakReport): void {
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
}
