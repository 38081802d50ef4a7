import fs from "node:fs";

// A process's CPU time, from Linux /proc (null where it cannot be read: the benches then leave the
// figure out). CPU time per request is less sensitive to the machine's other load than req/s.

const CLOCK_TICKS_PER_S = 100;

// The process that listens on a loopback TCP port: its socket's inode in /proc/net/tcp{,6}, then
// the process holding that inode.
export function pidListeningOn(port: number): number | null {
  try {
    const inodes = new Set<string>();
    for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      if (!fs.existsSync(file)) continue;
      for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols.length > 9 && cols[3] === "0A" && Number.parseInt(cols[1].split(":")[1], 16) === port) inodes.add(cols[9]);
      }
    }
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      let fds: string[];
      try {
        fds = fs.readdirSync(`/proc/${pid}/fd`);
      } catch {
        continue;
      }
      for (const fd of fds) {
        try {
          const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
          const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
          if (inode && inodes.has(inode)) return Number(pid);
        } catch {
          // gone meanwhile
        }
      }
    }
  } catch {
    // not Linux
  }
  return null;
}

// utime + stime of a process, in ms.
export function cpuMsOf(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}


// The summed CPU time of several processes (those that cannot be read count 0).
export function cpuMsOfAll(pids: Iterable<number>): number {
  let total = 0;
  for (const pid of pids) total += cpuMsOf(pid) ?? 0;
  return total;
}
