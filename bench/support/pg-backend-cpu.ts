import type pg from "pg";
import { cpuMsOf } from "./proc-cpu";

// Summed CPU time (ms) of the PostgreSQL backends serving a database (local server: /proc), as a
// reader that remembers every backend it saw: one that ended keeps its last reading (its CPU after
// that is lost, an underestimate; the pools keep their connections while busy). `where` picks the
// backends from pg_stat_activity (a trusted SQL condition written by the bench).
export function backendCpuReader(monitor: pg.Client, where: string): () => Promise<number | null> {
  const seen = new Map<number, number>();
  return async () => {
    const { rows } = await monitor.query<{ pid: number }>(
      `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and ${where}`,
    );
    for (const { pid } of rows) {
      const ms = cpuMsOf(pid);
      if (ms !== null) seen.set(pid, ms);
    }
    if (seen.size === 0) return null;
    let total = 0;
    for (const ms of seen.values()) total += ms;
    return total;
  };
}
