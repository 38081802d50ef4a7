import fs from "node:fs/promises";
import path from "node:path";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import type { PostureResolver } from "@/lib/posture/dns-resolver";
import { getSetting } from "@/lib/settings/settings";
import { ingestDmarcReport } from "./ingest-report";
import { DMARC_MAX_INPUT_BYTES, safeDecompress } from "./safe-decompress";
import { watchDirProblem } from "./watch-dir-location";

// A file younger than this may still be being written by the mailbox that drops it.
export const WATCH_MIN_FILE_AGE_MS = 5_000;
const MAX_FILES_PER_SCAN = 200;
// Report files as reporters name them (.xml, .xml.gz, .zip …); any other file is left alone.
const REPORT_FILE_NAME = /\.(xml|gz|gzip|zip)$/i;
// An aggregate report's root element, looked for near the start of the (decompressed) XML.
const REPORT_ROOT = /<feedback[\s>]/;
const ROOT_SEARCH_BYTES = 64 * 1024;
// Files found not to be reports are not read again until they change (path, mtime, size).
const MAX_REMEMBERED_NOT_REPORTS = 10_000;
const notReports = new Set<string>();

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

// A DMARC aggregate report by its content: XML (maybe gzip or zip) whose root is <feedback>. A
// file that is not (another document, a backup archive, one too large to check) is not ours.
async function looksLikeReport(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (stat.size > DMARC_MAX_INPUT_BYTES) return false;
    const { xml } = await safeDecompress(await fs.readFile(file));
    return REPORT_ROOT.test(xml.subarray(0, ROOT_SEARCH_BYTES).toString("utf8"));
  } catch {
    return false;
  }
}

// Ingests every report file dropped in the dmarc.watchDir directory; files that are not reports
// (by name, then by content) are never moved. A report is first claimed by moving it into
// processing/ (a rename is atomic, so two app replicas never ingest the same file), then moved to
// processed/, or to failed/ with <name>.error.txt saying why. The directory must lie outside the
// data directory (checked again here: the data directory may have moved since it was set).
export async function scanWatchDirectory({
  dir,
  now = Date.now(),
  resolver,
}: {
  dir?: string;
  now?: number;
  resolver?: PostureResolver;
} = {}): Promise<WatchScanResult> {
  const root = dir ?? (await getSetting("dmarc.watchDir"));
  const result: WatchScanResult = { dir: root || null, ingested: 0, duplicates: 0, failed: 0 };
  if (!root) return result;
  const problem = watchDirProblem(root);
  if (problem) {
    console.error(`[dmarc] not watching ${root}: ${problem}`);
    return result;
  }
  let entries: import("node:fs").Dirent[];
  try {
    entries = await fs.readdir(root, { withFileTypes: true });
  } catch (error) {
    console.error(`[dmarc] cannot read the watched directory ${root}:`, (error as Error).message);
    return result;
  }
  const candidates = entries.filter((e) => e.isFile() && !e.name.startsWith(".") && REPORT_FILE_NAME.test(e.name));
  let claimedThisScan = 0;
  for (const entry of candidates) {
    if (claimedThisScan >= MAX_FILES_PER_SCAN) break;
    const original = path.join(root, entry.name);
    let version: string;
    try {
      const stat = await fs.stat(original);
      if (now - stat.mtimeMs < WATCH_MIN_FILE_AGE_MS) continue;
      version = `${original}:${stat.mtimeMs}:${stat.size}`;
    } catch {
      continue;
    }
    if (notReports.has(version)) continue;
    if (!(await looksLikeReport(original))) {
      if (notReports.size >= MAX_REMEMBERED_NOT_REPORTS) notReports.clear();
      notReports.add(version);
      continue;
    }
    claimedThisScan++;
    let claimed: string;
    try {
      claimed = await moveAside(original, path.join(root, "processing"), entry.name);
    } catch {
      // Another replica claimed it first.
      continue;
    }
    try {
      const stat = await fs.stat(claimed);
      if (stat.size > DMARC_MAX_INPUT_BYTES)
        throw new AppError("payload_too_large", `The file is larger than ${DMARC_MAX_INPUT_BYTES / (1024 * 1024)} MB.`);
      const file = await fs.readFile(claimed);
      const outcome = await ingestDmarcReport({
        actor: SYSTEM_ACTOR,
        input: { file, source: `watch:${entry.name.slice(0, 250)}` },
        resolver,
      });
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
