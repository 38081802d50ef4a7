// npm start – checks the configuration, builds if the sources changed, migrates the database
// (embedded PGlite unless DATABASE_URL is set) and serves the dashboard. In demo mode (the
// embedded database, or SWITCHYARD_DEMO=1) it also seeds demo data on an empty database and runs
// the local mail sink and one reference relay (Haraka); it prints where and how to sign in.
import fs from "node:fs";
import path from "node:path";
import { closeDb, dbInfo } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { readDemoSecrets } from "@/lib/demo/demo-registry";
import { countUsers, seedDemo } from "@/lib/demo/seed";
import { errorLine } from "@/lib/host-commands/error-line";
import { dataDir } from "@/lib/server/config/paths";
import { type StartMode, startMode, startProblems } from "@/lib/server/config/start-mode";
import { setSetting } from "@/lib/settings/settings";
import { startRelay } from "@/relay/launch";
import { startSink } from "@/relay/sink/sink-server";
import { runDemoTraffic } from "./demo-traffic";
import { buildIfNeeded } from "./lib/build-stamp";
import { ensureDemoRelayToken } from "./lib/demo-relay";
import { startDemoScanners } from "./lib/demo-scanners";
import { isPortFree, portFor } from "./lib/free-port";
import { isStopping, onShutdown, startChild, stopAll, stopOnSignals, waitForHttp } from "./lib/processes";
import { writeRunInfo } from "./lib/run-info";
import { type BannerFacts, startBanner } from "./lib/start-banner";

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

// Migrations, the demo seed and the demo relay's token; the database is closed again afterwards
// (the embedded one allows one process, and the dashboard opens it next).
async function prepareDatabase(mode: StartMode, relayPort: number) {
  await runMigrations();
  const { seeded } = await seedDemo(mode);
  const runDemoRelay = mode.demo && RELAY_ENABLED;
  const relayToken = runDemoRelay ? await ensureDemoRelayToken() : "";
  if (seeded && runDemoRelay) {
    const demo = { ...SYSTEM_ACTOR, label: "npm start (demo)" };
    await setSetting({ actor: demo, key: "relay.submissionHost", value: "127.0.0.1" });
    await setSetting({ actor: demo, key: "relay.submissionPort", value: relayPort });
    // The control plane's own notification mail goes through the demo relay (lib/demo/demo-notifications.ts).
    await setSetting({ actor: demo, key: "notify.smtpHost", value: "127.0.0.1" });
    await setSetting({ actor: demo, key: "notify.smtpPort", value: relayPort });
    await setSetting({ actor: demo, key: "recertification.linkBaseUrl", value: `http://localhost:${PORT}` });
  }
  const facts = { seeded, runDemoRelay, relayToken, userCount: await countUsers(), database: dbInfo() };
  await closeDb();
  return facts;
}

// The demo's next hop and reference relay (registered as demo-relay), and its first traffic.
async function startDemoRelay(relayToken: string, relayPort: number, sinkPort: number, seeded: boolean) {
  const sink = await startSink({ host: "127.0.0.1", port: sinkPort, dir: path.join(dataDir(), "sink") });
  onShutdown(() => sink.close());
  // clamd and rspamd when installed (never a download); the banner says which are missing.
  const scanners = await startDemoScanners(path.join(dataDir(), "scanners"));
  onShutdown(() => scanners.stop());
  const relay = await startRelay({
    name: "demo-relay",
    controlUrl: `http://127.0.0.1:${PORT}`,
    token: relayToken,
    listenHost: "127.0.0.1",
    listenPort: relayPort,
    smarthost: `127.0.0.1:${sink.port}`,
    stateDir: path.join(dataDir(), "relay"),
    clamd: scanners.clamd,
    rspamd: scanners.rspamd,
  });
  onShutdown(() => relay.stop());
  relay.exited.then((how) => {
    if (isStopping()) return;
    console.error(`The relay exited unexpectedly (${how}); see ${relay.logFile}. Stopping everything else.`);
    void stopAll(1);
  });
  writeRunInfo({
    dashboardUrl: `http://127.0.0.1:${PORT}`,
    relayHost: relay.host,
    relayPort: relay.port,
    sinkHost: sink.host,
    sinkPort: sink.port,
    sinkDir: sink.dir,
    scanners: { clamd: Boolean(scanners.clamd), rspamd: Boolean(scanners.rspamd) },
  });
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
  return {
    relay: { host: relay.host, port: relay.port },
    sink: { host: sink.host, port: sink.port },
    scanners: scanners.lines,
    demoSecret: readDemoSecrets()[0],
  };
}

async function main(): Promise<void> {
  // Configuration first: a refusal costs no build.
  const problems = startProblems(process.env);
  if (problems.length) throw new Error(problems.join("; "));
  const mode = startMode(process.env);
  const env = { ...process.env, SWITCHYARD_DATA_DIR: dataDir(), NODE_ENV: "production" as const };

  // The dashboard's port is the user's choice: taken means another server answers there.
  if (!(await isPortFree(PORT, HOST)))
    throw new Error(
      `Port ${PORT} on ${HOST} is already in use (another Switchyard?). Stop it, or choose another with PORT=…`,
    );
  // Run info, the demo's secrets, the sink and the relay's state live here, on PostgreSQL too.
  fs.mkdirSync(dataDir(), { recursive: true });

  // Ports first: the relay's address goes into the demo's onboarding settings.
  const relayPort = mode.demo && RELAY_ENABLED ? await portFor(Number(process.env.RELAY_PORT ?? 2525)) : 0;
  const sinkPort = mode.demo && RELAY_ENABLED ? await portFor(Number(process.env.SINK_PORT ?? 2526)) : 0;
  // The database before the build: an unreachable one fails in a second, not after the build.
  const prepared = await prepareDatabase(mode, relayPort).catch((error: unknown) => {
    throw new Error(`the database: ${errorLine(error)}`);
  });
  await buildIfNeeded(env);

  startChild("dashboard", process.execPath, ["--import", "tsx", "scripts/serve-dashboard.ts"], {
    ...env,
    PORT: String(PORT),
    HOST,
  });
  const url = `http://localhost:${PORT}`;
  if (!(await waitForHttp(`${url}/api/health`, READY_TIMEOUT_MS))) {
    console.error(`The dashboard did not answer on ${url} within ${READY_TIMEOUT_MS / 1000} s.`);
    void stopAll(1);
    return;
  }
  const facts: BannerFacts = {
    url,
    mode,
    database: prepared.database,
    seeded: prepared.seeded,
    userCount: prepared.userCount,
  };
  if (prepared.runDemoRelay)
    Object.assign(facts, await startDemoRelay(prepared.relayToken, relayPort, sinkPort, prepared.seeded));
  console.log(startBanner(facts).join("\n"));
}

stopOnSignals();
// A failure at start is one clear line and exit code 1, never a stack trace.
main().catch((error: unknown) => {
  console.error(`Cannot start Switchyard: ${errorLine(error)}`);
  process.exitCode = 1;
  void stopAll(1);
});
