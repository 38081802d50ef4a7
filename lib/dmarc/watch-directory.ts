import fs from "node:fs/promises";
import path from "node:path";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import type { PostureResolver } from "@/lib/posture/dns-resolver";
import { getSetting } from "@/lib/settings/settings";
import { ingestDmarcReport } from "./ingest-report";
import { DMARC_MAX_INPUT_BYTES } from "./safe-decompress";

// A file younger than this may still be being written by the mailbox that drops it.
export const WATCH_MIN_FILE_AGE_MS = 5_000;
const MAX_FILES_PER_SCAN = 200;

export interface WatchScanResult {
  dir: string | null;
  ingested: number;
  duplicates: number;
  failed: number;
}

async function moveAside(from: string, toDir: string, name: string): Promise<string> {
  await fs.mkdir(toDir, { recursive: true });
  let target = path.join(toDir, name);
  try {
    await fs.access(target);
    target = path.join(toDir, `${Date.now()}-${name}`);
  } catch {
    // The name is free.
  }
  await fs.rename(from, target);
  return target;
}

// Ingests every report file dropped in the dmarc.watchDir directory. A file is first claimed by
// moving it into processing/ (a rename is atomic, so two app replicas never ingest the same file),
// then moved to processed/, or to failed/ with <name>.error.txt saying why.
export async function scanWatchDirectory({ dir, now = Date.now(), resolver }: { dir?: string; now?: number; resolver?: PostureResolver } = {}): Promise<WatchScanResult> {
  const root = dir ?? (await getSetting("dmarc.watchDir"));
  const result: WatchScanResult = { dir: root || null, ingested: 0, duplicates: 0, failed: 0 };
  if (!root) return result;
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch (error) {
    console.error(`[dmarc] cannot read the watched directory ${root}:`, (error as Error).message);
    return result;
  }
  const candidates = entries.filter((e) => e.isFile() && !e.name.startsWith(".")).slice(0, MAX_FILES_PER_SCAN);
  for (const entry of candidates) {
    const original = path.join(root, entry.name);
    try {
      const stat = await fs.stat(original);
      if (now - stat.mtimeMs < WATCH_MIN_FILE_AGE_MS) continue;
    } catch {
      continue;
    }
    let claimed: string;
    try {
      claimed = await moveAside(original, path.join(root, "processing"), entry.name);
    } catch {
      // Another replica claimed it first.
      continue;
    }
    try {
      const stat = await fs.stat(claimed);
      if (stat.size > DMARC_MAX_INPUT_BYTES) throw new AppError("payload_too_large", `The file is larger than ${DMARC_MAX_INPUT_BYTES / (1024 * 1024)} MB.`);
      const file = await fs.readFile(claimed);
      const outcome = await ingestDmarcReport({ actor: SYSTEM_ACTOR, input: { file, source: `watch:${entry.name.slice(0, 250)}` }, resolver });
      if (outcome.duplicate) result.duplicates++;
      else result.ingested++;
      await moveAside(claimed, path.join(root, "processed"), entry.name);
    } catch (error) {
      result.failed++;
      const message = error instanceof AppError ? error.message : `Unexpected error: ${(error as Error).message}`;
      try {
        const failedPath = await moveAside(claimed, path.join(root, "failed"), entry.name);
        await fs.writeFile(`${failedPath}.error.txt`, `${new Date(now).toISOString()} ${message}\n`);
      } catch (moveError) {
        console.error(`[dmarc] could not move ${entry.name} to failed/:`, (moveError as Error).message);
      }
    }
  }
  return result;
}
