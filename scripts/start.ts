// npm start – builds if the sources changed, migrates and seeds the database (embedded PGlite
// unless DATABASE_URL is set), then serves the dashboard, the local mail sink and one reference
// relay (Haraka), and prints where and how to sign in and send.
import fs from "node:fs";
import path from "node:path";
import { closeDb, dbInfo } from "@/db/client";
import { readDemoSecrets } from "@/db/demo-registry";
import { runMigrations } from "@/db/migrate";
import { DEMO_USERS, seedDemo } from "@/db/seed";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { dataDir } from "@/lib/config/paths";
import { setSetting } from "@/lib/settings/settings";
import { startRelay } from "@/relay/launch";
import { startSink } from "@/relay/sink/sink-server";
import { buildIsCurrent, writeBuildStamp } from "./lib/build-stamp";
import { runDemoTraffic } from "./demo-traffic";
import { ensureDemoRelayToken } from "./lib/demo-relay";
import { isPortFree, portFor } from "./lib/free-port";
import { onShutdown, runToEnd, startChild, stopAll, stopOnSignals, waitForHttp } from "./lib/processes";
import { writeRunInfo } from "./lib/run-info";

const PORT = Number(process.env.PORT || 3000);
const HOST = process.env.HOST || "0.0.0.0";
const RELAY_ENABLED = process.env.SWITCHYARD_RELAY !== "off";
const READY_TIMEOUT_MS = 120_000;
const START_HISTORY_MESSAGES = 60;
const RELAY_POLICY_TIMEOUT_MS = 60_000;

async function waitForFile(file: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the relay has no policy after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
const NEXT_BIN = path.resolve("node_modules/next/dist/bin/next");

stopOnSignals();
const env = { ...process.env, SWITCHYARD_DATA_DIR: dataDir(), NODE_ENV: "production" as const };

// The dashboard's port is the user's choice: taken means another server answers there.
if (!(await isPortFree(PORT, HOST))) {
  console.error(`Port ${PORT} on ${HOST} is already in use (another Switchyard?). Stop it, or choose another with PORT=…`);
  process.exit(1);
}

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

// Ports first: the relay's address goes into the demo's onboarding settings.
const relayPort = RELAY_ENABLED ? await portFor(Number(process.env.RELAY_PORT ?? 2525)) : 0;
const sinkPort = RELAY_ENABLED ? await portFor(Number(process.env.SINK_PORT ?? 2526)) : 0;

await runMigrations();
const { seeded } = await seedDemo();
const relayToken = RELAY_ENABLED ? await ensureDemoRelayToken() : "";
if (seeded && RELAY_ENABLED) {
  const demo = { ...SYSTEM_ACTOR, label: "npm start (demo)" };
  await setSetting({ actor: demo, key: "relay.submissionHost", value: "127.0.0.1" });
  await setSetting({ actor: demo, key: "relay.submissionPort", value: relayPort });
}
const database = dbInfo();
// The embedded database allows one process: release it before the server opens it.
await closeDb();

startChild("dashboard", process.execPath, ["--import", "tsx", "scripts/serve-dashboard.ts"], { ...env, PORT: String(PORT), HOST });
const url = `http://localhost:${PORT}`;
if (!(await waitForHttp(`${url}/api/health`, READY_TIMEOUT_MS))) {
  console.error(`The dashboard did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s.`);
  stopAll(1);
} else {
  const lines = ["", "Switchyard is running.", `  Dashboard   ${url}`];
  if (RELAY_ENABLED) {
    const sink = await startSink({ host: "127.0.0.1", port: sinkPort, dir: path.join(dataDir(), "sink") });
    onShutdown(() => sink.close());
    const relay = await startRelay({
      name: "demo-relay",
      controlUrl: `http://127.0.0.1:${PORT}`,
      token: relayToken,
      listenHost: "127.0.0.1",
      listenPort: relayPort,
      smarthost: `127.0.0.1:${sink.port}`,
      stateDir: path.join(dataDir(), "relay"),
    });
    onShutdown(() => relay.stop());
    relay.exited.then((how) => {
      console.error(`The relay exited (${how}); see ${relay.logFile}. Stopping.`);
      stopAll(1);
    });
    writeRunInfo({ dashboardUrl: `http://127.0.0.1:${PORT}`, relayHost: relay.host, relayPort: relay.port, sinkDir: sink.dir });
    if (seeded) {
      // A fresh demo gets a short history the real way: SMTP through the relay, events back,
      // once the relay holds its first policy snapshot.
      waitForFile(path.join(relay.stateDir, "policy.json"), RELAY_POLICY_TIMEOUT_MS)
        .then(() => runDemoTraffic(START_HISTORY_MESSAGES))
        .then(
        (summary) => console.log(`${summary} Run npm run demo:traffic for more.`),
        (error) => console.error(`Demo traffic failed: ${(error as Error).message}`),
      );
    }
    const demoSecret = readDemoSecrets()[0];
    lines.push(
      `  SMTP relay  ${relay.host}:${relay.port} (STARTTLS, AUTH PLAIN/LOGIN; self-signed certificate)`,
      `  Mail sink   ${sink.host}:${sink.port} — list what arrived with: npm run sink:list`,
    );
    if (demoSecret) {
      lines.push(`  Try it      npm run send-test -- --port ${relay.port} --user ${demoSecret.username} --pass ${demoSecret.secret} --from ${demoSecret.from} --to someone@gmail.com`);
    }
  }
  lines.push(
    `  Database    ${database.mode === "pglite" ? `embedded PGlite in ${database.location}` : `PostgreSQL ${database.location}`}`,
    "",
    seeded ? "Demo logins (created just now by the demo seed):" : "Demo logins (if the demo seed created them earlier):",
    ...DEMO_USERS.map((u) => `  ${u.role.padEnd(9)} ${u.email.padEnd(28)} ${u.password}`),
    "",
    "Press Ctrl+C to stop.",
  );
  console.log(lines.join("\n"));
}
