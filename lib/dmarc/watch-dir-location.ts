import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/server/config/paths";

// The real path where the directory exists (symlinks followed), else the resolved path.
function realPath(dir: string): string {
  try {
    return fs.realpathSync.native(dir);
  } catch {
    return path.resolve(dir);
  }
}

const within = (inner: string, outer: string) => {
  const relative = path.relative(outer, inner);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
};

// The watched directory's files are moved around (processing/, processed/, failed/), so it must
// never be, hold or sit in the data directory (the database, the deployment secret). Null: fine.
export function watchDirProblem(dir: string, dataDirectory: string = dataDir()): string | null {
  if (!path.isAbsolute(dir)) return `Give an absolute path (like /var/spool/dmarc), not ${dir}.`;
  const watched = realPath(dir);
  const data = realPath(dataDirectory);
  if (within(watched, data))
    return `${dir} is the data directory (${data}) or inside it: choose a directory outside it, reports are moved around in it.`;
  if (within(data, watched))
    return `${dir} contains the data directory (${data}): choose a directory outside it, reports are moved around in it.`;
  return null;
}
