import { scanWatchDirectory, type WatchScanResult } from "@/lib/dmarc/watch-directory";
import { checkDueDomains } from "./check-due-domains";

export interface PostureJobsResult {
  dnsChecks: { checked: number; failed: number } | null;
  watchDir: WatchScanResult | null;
}

let running = false;

// The background work of domain posture, for a timer in the server (every minute or so is
// plenty): DNS checks that are due (dns.checkIntervalMinutes) and reports dropped in the watched
// directory (dmarc.watchDir). Overlapping calls in one process are skipped; each job failing is
// logged and does not stop the other.
export async function runPostureJobs(): Promise<PostureJobsResult> {
  const result: PostureJobsResult = { dnsChecks: null, watchDir: null };
  if (running) return result;
  running = true;
  try {
    try {
      result.dnsChecks = await checkDueDomains();
    } catch (error) {
      console.error("[posture] scheduled DNS checks failed:", error instanceof Error ? error.message : error);
    }
    try {
      result.watchDir = await scanWatchDirectory();
    } catch (error) {
      console.error(
        "[posture] scanning the DMARC watch directory failed:",
        error instanceof Error ? error.message : error,
      );
    }
    return result;
  } finally {
    running = false;
  }
}
