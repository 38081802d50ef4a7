import { execSync } from "node:child_process";
import fs from "node:fs";

// A process's CPU time, from Linux /proc (null where it cannot be read: the benches then leave the
// figure out). CPU time per request is less sensitive to the machine's other load than req/s.

const CLOCK_TICKS_PER_S = (() => {
  try {
    return (
      Number(
        execSync("getconf CLK_TCK", { stdio: ["ignore", "pipe", "ignore"] })
          .toString()
          .trim(),
      ) || 100
    );
  } catch {
    return 100;
  }
})();

// The process that listens on a loopback TCP port: its socket's inode in /proc/net/tcp{,6}, then
// the process holding that inode.
export function pidListeningOn(port: number): number | null {
  try {
    const inodes = new Set<string>();
    for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
      if (!fs.existsSync(file)) continue;
      for (const line of fs.readFileSync(file, "utf8").split("\n").slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols.length > 9 && cols[3] === "0A" && Number.parseInt(cols[1].split(":")[1], 16) === port)
          inodes.add(cols[9]);
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

// User and system CPU seconds of a process, all its threads or only its main thread (the event
// loop, which one Node process cannot spread over cores). Throws when /proc cannot be read.
export function cpuSecondsOf(pid: number, mainThreadOnly = false): { user: number; system: number } {
  const stat = fs.readFileSync(mainThreadOnly ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(fields[11]) / CLOCK_TICKS_PER_S, system: Number(fields[12]) / CLOCK_TICKS_PER_S };
}

// utime + stime of a process, in ms.
export function cpuMsOf(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const { user, system } = cpuSecondsOf(pid);
    return (user + system) * 1000;
  } catch {
    return null;
  }
}
