// npm start – builds if the sources changed, migrates and seeds the database (embedded PGlite
// unless DATABASE_URL is set), then serves the dashboard and prints where and how to sign in.
import path from "node:path";
import { closeDb, dbInfo } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { DEMO_USERS, seedDemo } from "@/db/seed";
import { dataDir } from "@/lib/config/paths";
import { buildIsCurrent, writeBuildStamp } from "./lib/build-stamp";
import { runToEnd, startChild, stopAll, stopOnSignals, waitForHttp } from "./lib/processes";

const PORT = Number(process.env.PORT || 3000);
const HOST = process.env.HOST || "0.0.0.0";
const READY_TIMEOUT_MS = 60_000;
const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

stopOnSignals();
const env = { ...process.env, SWITCHYARD_DATA_DIR: dataDir(), NODE_ENV: "production" as const };

if (buildIsCurrent()) {
  console.log("Build is up to date.");
} else {
  console.log("Building the dashboard (next build)…");
  const started = Date.now();
  if ((await runToEnd(process.execPath, [NEXT_BIN, "build"], env)) !== 0) {
    console.error("next build failed.");
    process.exit(1);
  }
  writeBuildStamp();
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

await runMigrations();
const { seeded } = await seedDemo();
const database = dbInfo();
// The embedded database allows one process: release it before the server opens it.
await closeDb();

startChild("dashboard", process.execPath, [NEXT_BIN, "start", "-p", String(PORT), "-H", HOST], env);
const url = `http://localhost:${PORT}`;
if (!(await waitForHttp(`${url}/api/health`, READY_TIMEOUT_MS))) {
  console.error(`The dashboard did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s.`);
  stopAll(1);
} else {
  const lines = [
    "",
    "Switchyard is running.",
    `  Dashboard   ${url}`,
    `  Database    ${database.mode === "pglite" ? `embedded PGlite in ${database.location}` : `PostgreSQL ${database.location}`}`,
    "",
    seeded ? "Demo logins (created just now by the demo seed):" : "Demo logins (if the demo seed created them earlier):",
    ...DEMO_USERS.map((u) => `  ${u.role.padEnd(9)} ${u.email.padEnd(28)} ${u.password}`),
    "",
    "Press Ctrl+C to stop.",
  ];
  console.log(lines.join("\n"));
}
