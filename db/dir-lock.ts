import fs from "node:fs";
import path from "node:path";

const LOCK_FILE = "switchyard.lock";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

// The live process other than this one holding the directory's lock, if any (a CLI command sends
// its work to that process instead of opening the database: lib/server/admin-channel).
export function lockHolder(dir: string): number | undefined {
  let holder: number;
  try {
    holder = Number(fs.readFileSync(path.join(dir, LOCK_FILE), "utf8"));
  } catch {
    return undefined;
  }
  return holder && holder !== process.pid && isAlive(holder) ? holder : undefined;
}

// Takes an exclusive, pid-stamped lock on the data directory; a lock left by a dead process is
// taken over. Returns the release function (also run at process exit).
export function acquireDirLock(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // already gone
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(fs.readFileSync(file, "utf8"));
      if (holder === process.pid) return () => {};
      if (holder && isAlive(holder)) {
        throw new Error(
          `The embedded database in ${dir} is in use by process ${holder}. ` +
            "Stop that process first, or set DATABASE_URL to use PostgreSQL (which allows several processes).",
        );
      }
      fs.unlinkSync(file);
    }
  }
  throw new Error(`Could not lock the embedded database directory ${dir}`);
}
