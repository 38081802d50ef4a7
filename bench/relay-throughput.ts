// npm run bench:relay [-- --messages 1500 --connections 16 --rounds 2 --size 3000 --dkim-baseline --signing-floor]
// Relay throughput with the switchyard plugin vs the same Haraka without it. Both: one Haraka
// process (nodes=0), STARTTLS + AUTH PLAIN on every connection, Haraka's outbound queue to the
// same local sink, Nagle disabled. With the plugin: policy checks, DKIM (RSA 2048) and events
// (spooled, fsync'd, shipped to a fake control plane). Without: auth/flat_file and a 6-line
// plugin that routes to the sink; with --dkim-baseline also Haraka's stock dkim plugin signing
// with the same RSA key, which isolates the plugin's own cost from the cost of signing.
// --signing-floor adds a third Haraka to every round: the baseline plus nothing but DKIM signing
// (RSA 2048, same key) done the way the plugin does it (its lib/dkim-signer.js) — the least any
// plugin that must sign every message can cost.
// Prints messages/s accepted and delivered, Haraka's CPU time per message, and the ratios.
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each Haraka process's measured run (not the
// warm-up) to <dir>/<label>-<round>.cpuprofile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateToken } from "../lib/server/secrets/token-format";
import { prepareInstance } from "../relay/haraka-instance";
import { spawnHaraka } from "../relay/haraka-process";
import { startRelay } from "../relay/launch";
import { startSink } from "../relay/sink/sink-server";
import { ensureCertificate } from "../relay/tls-cert";
import { FakeControlPlane } from "../tests/relay/support/fake-control-plane";
import { makeFixture } from "../tests/relay/support/policy-fixture";
import { loadAverage } from "./support/bench-common";
import { cpuSecondsOf } from "./support/proc-cpu";
import {
  BASELINE_PLUGIN,
  installProfilerPreload,
  type RelayTarget,
  sendOverSessions,
  stockHarakaConfig,
  waitUntil,
} from "./support/relay-bench";

const { values } = parseArgs({
  options: {
    messages: { type: "string" },
    connections: { type: "string" },
    rounds: { type: "string" },
    size: { type: "string" },
    "dkim-baseline": { type: "boolean" },
    "signing-floor": { type: "boolean" },
  },
});
const MESSAGES = Number(values.messages ?? 1500);
const CONNECTIONS = Number(values.connections ?? 16);
const ROUNDS = Number(values.rounds ?? 2);
const SIZE_BYTES = Number(values.size ?? 3000);
const WARMUP_MESSAGES = 100;
const DKIM_BASELINE = values["dkim-baseline"] ?? false;
const SIGNING_FLOOR = values["signing-floor"] ?? false;

// The baseline plus DKIM signing exactly as the switchyard plugin does it, and nothing else.
const SIGNING_ONLY_PLUGIN = `
const { signTransaction, watchBody } = require(${JSON.stringify(path.resolve(import.meta.dirname, "../relay/plugin/lib/dkim-signer.js"))})
const key = require('node:crypto').createPrivateKey(require('node:fs').readFileSync('config/dkim.private.key'))
const dkim = { domain: 'billing.example', selector: process.env.BENCH_DKIM_SELECTOR, algorithm: 'rsa', key }
exports.hook_mail = (next, connection) => { watchBody(connection.transaction); next() }
exports.hook_data_post = (next, connection) => { signTransaction(connection.transaction, dkim).then(() => next(), () => next()) }
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-"));
let delivered = 0;
const sink = await startSink({ host: "127.0.0.1", port: 0, dir: path.join(dir, "sink"), onMessage: () => delivered++ });
const fixture = makeFixture();
// The limit must not be what is measured.
for (const sender of fixture.snapshot.senders)
  Object.assign(sender, { rateLimitPerMinute: 10_000_000, rateLimitPerDay: 100_000_000 });
const cp = new FakeControlPlane({ token: generateToken("relay"), snapshot: fixture.snapshot, validate: false });
await cp.start();
const body = `${"Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
  .repeat(Math.ceil(SIZE_BYTES / 58))
  .slice(0, SIZE_BYTES)
  .replace(/(.{76})/g, "$1\r\n")}`;

// Profiling: node refuses --cpu-prof in NODE_OPTIONS, so Haraka gets a preload (NODE_OPTIONS
// --require, inherited by the Haraka processes only) that profiles between two SIGUSR2.
const PROFILE_DIR = installProfilerPreload(dir);

type Target = RelayTarget;

async function withPlugin(): Promise<Target> {
  const heartbeatsBefore = cp.heartbeats.length;
  const relay = await startRelay({
    name: "bench-relay",
    controlUrl: cp.url,
    token: cp.token,
    listenPort: 0,
    smarthost: `127.0.0.1:${sink.port}`,
    stateDir: path.join(dir, "with-plugin"),
    logLevel: "warn",
  });
  // this relay's own heartbeat with the current policy (not one of an earlier round's relay)
  await waitUntil(() => cp.heartbeats.slice(heartbeatsBefore).some((h) => h.policyVersion === cp.version));
  return {
    pid: relay.pid,
    port: relay.port,
    user: fixture.creds.billing.username,
    pass: fixture.creds.billing.secret,
    stop: relay.stop,
  };
}

async function withoutPlugin(variant: "plain" | "signing-only" = "plain"): Promise<Target> {
  const stateDir = path.join(dir, `without-plugin-${variant}`);
  const instanceDir = path.join(stateDir, "haraka");
  const tls = await ensureCertificate(stateDir, "bench-baseline");
  prepareInstance({
    instanceDir,
    name: "bench-baseline",
    listenHost: "127.0.0.1",
    listenPort: 0,
    tls,
    plugins: [
      "tls",
      "auth/flat_file",
      ...(DKIM_BASELINE ? ["dkim"] : []),
      ...(variant === "signing-only" ? ["bench_signing"] : []),
      "bench_baseline",
    ],
    logLevel: "warn",
    extraConfig: {
      ...stockHarakaConfig(fixture.keys.billing),
    },
  });
  fs.writeFileSync(path.join(instanceDir, "plugins", "bench_baseline.js"), BASELINE_PLUGIN);
  fs.writeFileSync(path.join(instanceDir, "plugins", "bench_signing.js"), SIGNING_ONLY_PLUGIN);
  const env = { BENCH_SINK_PORT: String(sink.port), BENCH_DKIM_SELECTOR: fixture.keys.billing.selector };
  const haraka = await spawnHaraka({ instanceDir, logFile: path.join(stateDir, "haraka.log"), env });
  return { pid: haraka.pid, port: haraka.port, user: "bench", pass: "bench-secret", stop: haraka.stop };
}

// Haraka's CPU time (all threads, and its main thread: the event loop) per message: less
// sensitive to other load on the machine than wall-clock throughput.
const msPer = (count: number, from: { user: number; system: number }, to: { user: number; system: number }) => ({
  total: ((to.user + to.system - from.user - from.system) * 1000) / count,
  system: ((to.system - from.system) * 1000) / count,
});

// `count` messages over `connections` connections (STARTTLS + AUTH once per connection).
async function blast(
  target: Target,
  count: number,
  connections: number,
): Promise<{
  acceptedMs: number;
  deliveredMs: number;
  cpuMsPerMessage: number;
  mainCpuMsPerMessage: number;
  mainSystemMsPerMessage: number;
  benchCpuMsPerMessage: number;
}> {
  const startDelivered = delivered;
  const startBenchCpu = process.cpuUsage();
  const startCpu = cpuSecondsOf(target.pid);
  const startMainCpu = cpuSecondsOf(target.pid, true);
  const started = performance.now();
  const acceptedMs = await sendOverSessions(target, { count, connections, body });
  await waitUntil(() => delivered - startDelivered >= count);
  const deliveredMs = performance.now() - started;
  // let the last delivered hooks and event shipping finish before reading the CPU time
  await new Promise((r) => setTimeout(r, 700));
  const main = msPer(count, startMainCpu, cpuSecondsOf(target.pid, true));
  const bench = process.cpuUsage(startBenchCpu);
  return {
    acceptedMs,
    deliveredMs,
    cpuMsPerMessage: msPer(count, startCpu, cpuSecondsOf(target.pid)).total,
    mainCpuMsPerMessage: main.total,
    mainSystemMsPerMessage: main.system,
    benchCpuMsPerMessage: (bench.user + bench.system) / 1000 / count,
  };
}

async function measure(label: string, start: () => Promise<Target>, round: number) {
  if (PROFILE_DIR)
    process.env.BENCH_PROFILE_FILE = path.join(PROFILE_DIR, `${label.replace(/\W+/g, "-")}-${round}.cpuprofile`);
  const target = await start();
  try {
    await blast(target, WARMUP_MESSAGES, CONNECTIONS);
    if (PROFILE_DIR) process.kill(target.pid, "SIGUSR2");
    const r = await blast(target, MESSAGES, CONNECTIONS);
    if (PROFILE_DIR) {
      process.kill(target.pid, "SIGUSR2");
      await waitUntil(() => fs.existsSync(process.env.BENCH_PROFILE_FILE!));
    }
    const accepted = (MESSAGES / r.acceptedMs) * 1000;
    const deliveredRate = (MESSAGES / r.deliveredMs) * 1000;
    console.log(
      `${label.padEnd(16)} ${accepted.toFixed(0).padStart(5)} msg/s accepted  ${deliveredRate.toFixed(0).padStart(5)} msg/s delivered  ` +
        `${r.cpuMsPerMessage.toFixed(2)} ms Haraka CPU per message (main thread ${r.mainCpuMsPerMessage.toFixed(2)}, of it kernel ${r.mainSystemMsPerMessage.toFixed(2)}; ` +
        `this process: ${r.benchCpuMsPerMessage.toFixed(2)})  load ${os.loadavg()[0].toFixed(1)}`,
    );
    return {
      accepted,
      delivered: deliveredRate,
      cpu: r.cpuMsPerMessage,
      mainCpu: r.mainCpuMsPerMessage,
      benchCpu: r.benchCpuMsPerMessage,
    };
  } finally {
    await target.stop();
  }
}

console.log(
  `${MESSAGES} messages of ~${(SIZE_BYTES / 1000).toFixed(0)} KB over ${CONNECTIONS} connections, ${ROUNDS} round(s), ${os.cpus().length} CPUs, node ${process.version}; ` +
    `baseline ${DKIM_BASELINE ? "with Haraka's dkim plugin signing" : "without DKIM"}`,
);
// Alternating in every round: the baseline first, then the others.
const CONFIGS: { label: string; start: () => Promise<Target> }[] = [
  { label: DKIM_BASELINE ? "without (+dkim)" : "without plugin", start: () => withoutPlugin() },
  ...(SIGNING_FLOOR ? [{ label: "signing only", start: () => withoutPlugin("signing-only") }] : []),
  { label: "with switchyard", start: withPlugin },
];
type Result = Awaited<ReturnType<typeof measure>>;
const results = new Map<string, Result[]>(CONFIGS.map((c) => [c.label, []]));
try {
  for (let round = 1; round <= ROUNDS; round++) {
    for (const config of CONFIGS) results.get(config.label)!.push(await measure(config.label, config.start, round));
  }
  const mean = (label: string, key: keyof Result) => results.get(label)!.reduce((sum, r) => sum + r[key], 0) / ROUNDS;
  const pct = (x: number, y: number) => `${((x / y) * 100).toFixed(0)} %`;
  const base = CONFIGS[0].label;
  for (const { label } of CONFIGS.slice(1)) {
    const perRound = results
      .get(label)!
      .map((r, i) => pct(r.accepted, results.get(base)![i].accepted))
      .join(", ");
    console.log(
      `${label} vs ${base}: ${mean(label, "accepted").toFixed(0)} / ${mean(base, "accepted").toFixed(0)} msg/s accepted (${pct(mean(label, "accepted"), mean(base, "accepted"))}; ` +
        `per round ${perRound}), delivered ${pct(mean(label, "delivered"), mean(base, "delivered"))} — goal ≥ 90 %`,
    );
    console.log(
      `  Haraka CPU per message ${mean(label, "cpu").toFixed(2)} vs ${mean(base, "cpu").toFixed(2)} ms → capacity ${pct(mean(base, "cpu"), mean(label, "cpu"))}; ` +
        `main thread ${mean(label, "mainCpu").toFixed(2)} vs ${mean(base, "mainCpu").toFixed(2)} ms → event-loop capacity ${pct(mean(base, "mainCpu"), mean(label, "mainCpu"))}; ` +
        `with this process (client, sink, fake control plane) ${(mean(label, "cpu") + mean(label, "benchCpu")).toFixed(2)} vs ${(mean(base, "cpu") + mean(base, "benchCpu")).toFixed(2)} ms → ` +
        `machine capacity ${pct(mean(base, "cpu") + mean(base, "benchCpu"), mean(label, "cpu") + mean(label, "benchCpu"))}`,
    );
  }
  console.log(
    `load average ${loadAverage(1)} (the wall-clock figures depend on what else runs on the machine; CPU per message less so)`,
  );
  console.log(`events received by the (fake) control plane: ${cp.received.length}`);
} finally {
  await cp.stop();
  await sink.close();
  if (!process.env.KEEP_BENCH_DIR) fs.rmSync(dir, { recursive: true, force: true });
}
