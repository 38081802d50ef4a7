// The production build the replicas run: built only when the sources changed since the last build
// (the build stamp `npm start` and the e2e tests use), never twice.
import path from "node:path";
import { buildIsCurrent, writeBuildStamp } from "../../../scripts/lib/build-stamp";
import { runToEnd } from "../../../scripts/lib/processes";

export async function ensureProductionBuild(): Promise<void> {
  if (buildIsCurrent()) return;
  console.log("[fleet] building the dashboard (next build)…");
  const code = await runToEnd(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    ...process.env,
    NODE_ENV: "production",
  });
  if (code !== 0) throw new Error("next build failed (see its output above).");
  writeBuildStamp();
}
