import type { AuditEntry, QuarantinedMessage } from "@/db/schema";

export interface TimelineStep {
  at: Date;
  title: string;
  // Who acted (a person's email, "system"), or the relay's name.
  by: string | null;
  // The reason or comment given.
  note: string | null;
}

const AUDIT_TITLES: Record<string, string> = {
  "quarantine.release_request": "Release requested",
  "quarantine.release_approve": "Release approved",
  "quarantine.release_reject": "Release request rejected",
  "quarantine.delete": "Deleted",
  "quarantine.expire": "Expired (retention)",
};

// The history of one held message, oldest first: what the relay reported and settled (columns)
// and every decision a person or the retention job took (the audit log, which also keeps rejected
// requests whose fields were cleared).
export function timelineOf(message: QuarantinedMessage, relayName: string | null, audit: AuditEntry[]): TimelineStep[] {
  const relay = relayName ?? message.relayId;
  const steps: TimelineStep[] = [
    { at: message.receivedAt, title: "Held by the relay", by: relay, note: message.verdict },
    { at: message.reportedAt, title: "Reported to the control plane", by: relay, note: null },
  ];
  for (const entry of audit) {
    const title = AUDIT_TITLES[entry.action];
    if (title) steps.push({ at: entry.at, title, by: entry.actorLabel, note: entry.reason });
  }
  if (message.settledAt) {
    const released = message.status === "released" || message.status === "delivered";
    steps.push({
      at: message.settledAt,
      title: released ? "Released into the relay's outbound queue" : "Removed from the relay's quarantine",
      by: relay,
      note: null,
    });
  }
  if (message.deliveredAt) steps.push({ at: message.deliveredAt, title: "Delivered", by: relay, note: null });
  return steps.sort((a, b) => a.at.getTime() - b.at.getTime());
}
