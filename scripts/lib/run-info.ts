import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/server/config/paths";

// Where the running `npm start` serves, for commands run beside it (demo traffic, send-test).
export interface RunInfo {
  dashboardUrl: string;
  relayHost: string;
  relayPort: number;
  // The demo's next hop (absent: written by an older start).
  sinkHost?: string;
  sinkPort?: number;
  sinkDir: string;
  // Which of the demo's content scanners run (absent: written by an older start).
  scanners?: { clamd: boolean; rspamd: boolean };
}

const RUN_FILE = "run.json";

export function writeRunInfo(info: RunInfo): void {
  fs.writeFileSync(path.join(dataDir(), RUN_FILE), JSON.stringify(info, null, 2));
}

export function readRunInfo(): RunInfo | null {
  const file = path.join(dataDir(), RUN_FILE);
  return fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as RunInfo) : null;
}
