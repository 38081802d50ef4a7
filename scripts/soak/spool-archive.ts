import fs from "node:fs";
import path from "node:path";

// What a relay spooled, kept for the final count: every event spool segment (event-spool.js:
// seg-<ms>-<n>.jsonl, appended to while open, deleted once the control plane took it) gets a hard
// link in the archive the moment it appears. The link shares the file, so it sees every later
// append and outlives the relay's delete. inotify reports a new segment within milliseconds; a
// segment is shipped no sooner than events_ship_interval_ms (500 ms) after it opens; a rescan
// every SCAN_MS catches anything a watch missed (e.g. the watch set up again after a restart).
const SEGMENT = /^seg-\d{13}-\d{6}\.jsonl$/;
const SCAN_MS = 100;

export interface SpoolArchive {
  stop(): void;
  // Event ids (the relay's JSON lines' "id") in every segment seen, and those set aside.
  events(): { ids: string[]; setAside: string[] };
}

function readIds(file: string): string[] {
  const ids: string[] = [];
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (!line) continue;
    try {
      ids.push((JSON.parse(line) as { id: string }).id);
    } catch {
      // a torn last line (a relay killed mid-write): event-spool.js skips it too
    }
  }
  return ids;
}

export function archiveSpool(spoolDir: string, archiveDir: string): SpoolArchive {
  fs.mkdirSync(spoolDir, { recursive: true });
  fs.mkdirSync(archiveDir, { recursive: true });
  const linked = new Set<string>();
  const take = (name: string) => {
    if (!SEGMENT.test(name) || linked.has(name)) return;
    try {
      fs.linkSync(path.join(spoolDir, name), path.join(archiveDir, name));
      linked.add(name);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EEXIST") linked.add(name);
      // ENOENT: gone already (or not yet there): the rescan and the missing-event count tell.
    }
  };
  const scan = () => {
    try {
      for (const name of fs.readdirSync(spoolDir)) take(name);
    } catch {
      // the directory is recreated by the relay at start
    }
  };
  const watcher = fs.watch(spoolDir, (_type, name) => name && take(name.toString()));
  watcher.on("error", () => undefined);
  const timer = setInterval(scan, SCAN_MS);
  scan();
  return {
    stop() {
      scan();
      clearInterval(timer);
      watcher.close();
    },
    events() {
      const ids = [...linked].sort().flatMap((name) => readIds(path.join(archiveDir, name)));
      const rejected = path.join(spoolDir, "rejected");
      const setAside = fs.existsSync(rejected)
        ? fs.readdirSync(rejected).flatMap((name) => readIds(path.join(rejected, name)))
        : [];
      return { ids, setAside };
    },
  };
}
