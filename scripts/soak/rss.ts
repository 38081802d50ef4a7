import fs from "node:fs";

// Resident memory of a process in MB (VmRSS from /proc), or null when it is gone.
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return kb ? Math.round(Number(kb[1]) / 1024) : null;
  } catch {
    return null;
  }
}

// One row per process the soak runs: memory when the traffic starts and when it ends, for each
// incarnation (a restarted process starts again from its new start).
export interface RssRow {
  process: string;
  startMb: number | null;
  endMb: number | null;
  restarts: number;
}

export class RssTable {
  private rows = new Map<string, RssRow>();

  start(name: string, pid: number | undefined): void {
    const row = this.rows.get(name);
    if (row) row.restarts++;
    this.rows.set(name, { process: name, startMb: rssMb(pid), endMb: null, restarts: row?.restarts ?? 0 });
  }

  end(name: string, pid: number | undefined): void {
    const row = this.rows.get(name);
    if (row) row.endMb = rssMb(pid);
  }

  list(): RssRow[] {
    return [...this.rows.values()];
  }
}
