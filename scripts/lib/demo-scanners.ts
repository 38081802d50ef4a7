import fs from "node:fs";
import path from "node:path";
import {
  CLAMD_BIN,
  CLAMD_PACKAGE,
  RSPAMD_BIN,
  RSPAMD_PACKAGE,
  startLocalClamd,
  startLocalRspamd,
} from "@/relay/local-scanners";

// The demo's content scanners: a local clamd and rspamd (relay/local-scanners.ts, the tests' setup:
// EICAR as the only virus signature, nothing downloaded; rspamd without Redis/DNS, GTUBE works),
// started only when installed, in <data dir>/scanners. What is missing is said plainly in the
// banner: the demo's content profiles scan, so their mail is then deferred (451), never passed.

export interface DemoScanners {
  // For the relay: "" = not running (the relay treats the scanner as unavailable).
  clamd: string;
  rspamd: string;
  // Banner lines, one per scanner.
  lines: string[];
  stop(): Promise<void>;
}

export async function startDemoScanners(dir: string): Promise<DemoScanners> {
  const stops: (() => Promise<void>)[] = [];
  const lines: string[] = [];
  const missing = (name: string, what: string, why: string) =>
    `  ${name.padEnd(11)} ${why} — ${what} is UNAVAILABLE: mail of content profiles that use it is deferred (451)`;

  let clamd = "";
  if (!fs.existsSync(CLAMD_BIN)) {
    lines.push(missing("clamd", "virus scanning", `NOT INSTALLED (apt install ${CLAMD_PACKAGE})`));
  } else {
    try {
      const started = await startLocalClamd({ dir: path.join(dir, "clamd") });
      stops.push(started.stop);
      clamd = `127.0.0.1:${started.port}`;
      lines.push(`  clamd       ${clamd} (local test signature only: EICAR; no official virus database)`);
    } catch (error) {
      lines.push(missing("clamd", "virus scanning", `FAILED TO START (${(error as Error).message.split("\n")[0]})`));
    }
  }

  let rspamd = "";
  if (!fs.existsSync(RSPAMD_BIN)) {
    lines.push(missing("rspamd", "spam scanning", `NOT INSTALLED (apt install ${RSPAMD_PACKAGE})`));
  } else {
    try {
      const started = await startLocalRspamd({ dir: path.join(dir, "rspamd") });
      stops.push(started.stop);
      rspamd = started.url;
      lines.push(`  rspamd      ${rspamd} (minimal local config: no Redis, no DNS lists; GTUBE is spam)`);
    } catch (error) {
      lines.push(missing("rspamd", "spam scanning", `FAILED TO START (${(error as Error).message.split("\n")[0]})`));
    }
  }

  return { clamd, rspamd, lines, stop: async () => void (await Promise.all(stops.map((s) => s()))) };
}
