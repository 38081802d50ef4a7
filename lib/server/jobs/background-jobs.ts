import { deliverDueWebhooks } from "@/lib/alerts/deliver-webhooks";
import { deleteEndedSessions } from "@/lib/auth/sessions/session-retention";
import { disableDormantCredentials } from "@/lib/credentials/disable-dormant-credentials";
import { expireDueCredentials } from "@/lib/credentials/expire-due-credentials";
import { retireDueDkimKeys } from "@/lib/domains/retire-dkim-key";
import { ensurePartitionsAhead } from "@/lib/events/event-partitions";
import { applyRetention } from "@/lib/events/retention";
import { releaseExpiredKillSwitches } from "@/lib/kill-switch/release-expired";
import { listenForPolicyBumps, recordPendingPolicyVersionsSoon } from "@/lib/policy-history/record-content";
import { runPostureJobs } from "@/lib/posture/run-posture-jobs";
import { expireQuarantined } from "@/lib/quarantine/expire-quarantined";
import { enforceReviewDates } from "@/lib/recertification/enforce-review-dates";
import { deleteOldRateLimitWindows } from "@/lib/server/http/rate-limit";
import { deleteUnseenNodes } from "./control-plane-nodes";
import { isLeader, startLeadership } from "./job-leadership";

interface Job {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

// Periodic work of the control plane. Every job is idempotent and would be safe on several replicas
// at once (each works from the database state), but runs only on the leader (job-leadership.ts):
// once across the fleet, not once per replica.
export const JOBS: Job[] = [
  { name: "alert webhooks", everyMs: 10_000, run: () => deliverDueWebhooks() },
  // Policy history: the NOTIFY of each bump triggers the recorder; this is its fallback.
  { name: "policy history", everyMs: 5_000, run: () => recordPendingPolicyVersionsSoon() },
  { name: "kill switch expiry", everyMs: 15_000, run: () => releaseExpiredKillSwitches() },
  { name: "credential expiry", everyMs: 60_000, run: () => expireDueCredentials() },
  { name: "dormant credentials", everyMs: 10 * 60_000, run: () => disableDormantCredentials() },
  { name: "DKIM key retirement", everyMs: 5 * 60_000, run: () => retireDueDkimKeys() },
  { name: "retention", everyMs: 60 * 60_000, run: () => applyRetention() },
  // delivery_events' day partitions a few days ahead (ingest makes a missing one on demand).
  { name: "event partitions", everyMs: 60 * 60_000, run: () => ensurePartitionsAhead() },
  { name: "domain posture", everyMs: 60_000, run: () => runPostureJobs() },
  { name: "quarantine retention", everyMs: 10 * 60_000, run: () => expireQuarantined() },
  { name: "session retention", everyMs: 60 * 60_000, run: () => deleteEndedSessions() },
  // Re-certification warnings and auto-suspension (off unless recertification.autoSuspendAfterDays > 0).
  { name: "re-certification", everyMs: 15 * 60_000, run: () => enforceReviewDates() },
  { name: "replica registry", everyMs: 60 * 60_000, run: () => deleteUnseenNodes() },
  { name: "API rate-limit windows", everyMs: 60 * 60_000, run: () => deleteOldRateLimitWindows() },
];

const store = globalThis as typeof globalThis & { __switchyardJobs?: NodeJS.Timeout[] };

export function startBackgroundJobs(jobs: Job[] = JOBS): void {
  if (store.__switchyardJobs) return;
  startLeadership();
  // On every replica, not only the leader: recording is serialised across processes by a table
  // lock and skips what is recorded already (record-content.ts), so a non-leader's run costs one
  // short transaction, and a bump is recorded when it commits even while the leadership changes
  // hands. Its periodic fallback (the "policy history" job) runs on the leader.
  if (jobs === JOBS) void listenForPolicyBumps();
  store.__switchyardJobs = jobs.map((job) => {
    let running = false;
    const tick = async () => {
      if (running || !isLeader()) return;
      running = true;
      try {
        await job.run();
      } catch (error) {
        console.error(`[jobs] ${job.name} failed:`, (error as Error).message);
      } finally {
        running = false;
      }
    };
    const timer = setInterval(tick, job.everyMs);
    timer.unref();
    return timer;
  });
}
