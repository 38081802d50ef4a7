import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { runToEnd } from "./processes";

// What `next build` reads: when none of it changed since the last build, start skips the build.
// relay/plugin/lib/content: the DLP engine the dashboard's dry run imports (the relay's own code).
const SOURCE_DIRS = ["app", "components", "lib", "db", "config", "public", "relay/plugin/lib/content"];
const SOURCE_FILES = [
  "auth.ts",
  "proxy.ts",
  "instrumentation.ts",
  "next.config.ts",
  "postcss.config.mjs",
  "tsconfig.json",
  "package-lock.json",
];
const STAMP_FILE = path.join(".next", "switchyard-source-hash");

function walk(dir: string, out: string[]): void {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else out.push(full);
  }
}

export function sourceHash(): string {
  const files: string[] = [];
  for (const dir of SOURCE_DIRS) walk(dir, files);
  files.push(...SOURCE_FILES.filter((f) => fs.existsSync(f)));
  const hash = createHash("sha256");
  for (const file of files.sort()) hash.update(file).update("\0").update(fs.readFileSync(file)).update("\0");
  return hash.digest("hex");
}

export function buildIsCurrent(): boolean {
  return (
    fs.existsSync(path.join(".next", "BUILD_ID")) &&
    fs.existsSync(STAMP_FILE) &&
    fs.readFileSync(STAMP_FILE, "utf8") === sourceHash()
  );
}

export function writeBuildStamp(): void {
  fs.writeFileSync(STAMP_FILE, sourceHash());
}

const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

// Runs `next build` when the sources changed since the last build (npm start, npm run soak).
export async function buildIfNeeded(env: NodeJS.ProcessEnv): Promise<void> {
  if (buildIsCurrent()) {
    console.log("Build is up to date.");
    return;
  }
  console.log("Building the dashboard (next build)…");
  const started = Date.now();
  if ((await runToEnd(process.execPath, [NEXT_BIN, "build"], env)) !== 0)
    throw new Error("next build failed (see its output above).");
  writeBuildStamp();
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}
