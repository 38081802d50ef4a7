// npm run bench:relay [-- --messages 1500 --connections 16 --rounds 2 --size 3000 --dkim-baseline]
// Relay throughput with the switchyard plugin vs the same Haraka without it. Both: one Haraka
// process (nodes=0), STARTTLS + AUTH PLAIN on every connection, Haraka's outbound queue to the
// same local sink, Nagle disabled. With the plugin: policy checks, DKIM (RSA 2048) and events
// (spooled, fsync'd, shipped to a fake control plane). Without: auth/flat_file and a 6-line
// plugin that routes to the sink; with --dkim-baseline also Haraka's stock dkim plugin signing
// with the same RSA key, which isolates the plugin's own cost from the cost of signing.
// Prints messages/s accepted and delivered, Haraka's CPU time per message, and the ratios.
import { execSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateToken } from "../lib/secrets/token-format";
import { ini, prepareInstance } from "../relay/haraka-instance";
import { spawnHaraka } from "../relay/haraka-process";
import { startRelay } from "../relay/launch";
import { startSink } from "../relay/sink/sink-server";
import { ensureCertificate } from "../relay/tls-cert";
import { FakeControlPlane } from "../tests/relay/support/fake-control-plane";
import { makeFixture } from "../tests/relay/support/policy-fixture";
import { SmtpSession } from "../tests/relay/support/smtp-session";

const { values } = parseArgs({
  options: {
    messages: { type: "string" },
    connections: { type: "string" },
    rounds: { type: "string" },
    size: { type: "string" },
    "dkim-baseline": { type: "boolean" },
  },
});
const MESSAGES = Number(values.messages ?? 1500);
const CONNECTIONS = Number(values.connections ?? 16);
const ROUNDS = Number(values.rounds ?? 2);
const SIZE_BYTES = Number(values.size ?? 3000);
const WARMUP_MESSAGES = 100;
const DKIM_BASELINE = values["dkim-baseline"] ?? false;

const BASELINE_PLUGIN = `
exports.hook_connect_init = (next, connection) => { connection.client.targetsocket.setNoDelay(true); next() }
exports.hook_lookup_rdns = (next, connection) => next(OK, connection.remote.ip)
exports.hook_get_mx = function (next) { next(OK, { exchange: '127.0.0.1', port: Number(process.env.BENCH_SINK_PORT), priority: 0 }) }
exports.hook_bounce = (next) => next(OK)
exports.hook_init_master = (next, server) => {
  const a = server.listeners[0].address(); process.stdout.write('baseline ready listen=' + a.address + ':' + a.port + '\\n'); next()
}
`;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-"));
let delivered = 0;
const sink = await startSink({ host: "127.0.0.1", port: 0, dir: path.join(dir, "sink"), onMessage: () => delivered++ });
const fixture = makeFixture();
// The limit must not be what is measured.
for (const sender of fixture.snapshot.senders) Object.assign(sender, { rateLimitPerMinute: 10_000_000, rateLimitPerDay: 100_000_000 });
const cp = new FakeControlPlane({ token: generateToken("relay"), snapshot: fixture.snapshot, validate: false });
await cp.start();
const body = `${"Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(Math.ceil(SIZE_BYTES / 58)).slice(0, SIZE_BYTES).replace(/(.{76})/g, "$1\r\n")}`;

interface Target {
  pid: number;
  port: number;
  user: string;
  pass: string;
  stop(): Promise<void>;
}

async function withPlugin(): Promise<Target> {
  const relay = await startRelay({
    name: "bench-relay",
    controlUrl: cp.url,
    token: cp.token,
    listenPort: 0,
    smarthost: `127.0.0.1:${sink.port}`,
    stateDir: path.join(dir, "with-plugin"),
    logLevel: "warn",
  });
  await waitUntil(() => cp.heartbeats.some((h) => h.policyVersion === cp.version));
  return { pid: relay.pid, port: relay.port, user: fixture.creds.billing.username, pass: fixture.creds.billing.secret, stop: relay.stop };
}

async function withoutPlugin(): Promise<Target> {
  const stateDir = path.join(dir, "without-plugin");
  const instanceDir = path.join(stateDir, "haraka");
  const tls = await ensureCertificate(stateDir, "bench-baseline");
  prepareInstance({
    instanceDir,
    name: "bench-baseline",
    listenHost: "127.0.0.1",
    listenPort: 0,
    tls,
    plugins: ["tls", "auth/flat_file", ...(DKIM_BASELINE ? ["dkim"] : []), "bench_baseline"],
    logLevel: "warn",
    extraConfig: {
      "auth_flat_file.ini": ini({ core: { methods: "PLAIN,LOGIN" }, users: { bench: "bench-secret" } }),
      "dkim.ini": ini({
        sign: { enabled: true, domain: "billing.example", selector: fixture.keys.billing.selector, headers: "From,Subject,Date,Message-ID,To" },
        canon: { body: "relaxed" },
        verify: { enabled: false },
      }),
      "dkim.private.key": fixture.keys.billing.privateKeyPem,
    },
  });
  fs.writeFileSync(path.join(instanceDir, "plugins", "bench_baseline.js"), BASELINE_PLUGIN);
  const haraka = await spawnHaraka({ instanceDir, logFile: path.join(stateDir, "haraka.log"), env: { BENCH_SINK_PORT: String(sink.port) } });
  return { pid: haraka.pid, port: haraka.port, user: "bench", pass: "bench-secret", stop: haraka.stop };
}

// CPU seconds (user + system, all threads) the Haraka process has used: less sensitive to other
// load on the machine than wall-clock throughput.
const CLK_TCK = Number(execSync("getconf CLK_TCK").toString().trim()) || 100;
function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

async function waitUntil(probe: () => boolean, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

// `count` messages over `connections` connections (STARTTLS + AUTH once per connection).
async function blast(target: Target, count: number, connections: number): Promise<{ acceptedMs: number; deliveredMs: number; cpuMsPerMessage: number }> {
  const startDelivered = delivered;
  const startCpu = cpuSeconds(target.pid);
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      const { session } = await SmtpSession.connect("127.0.0.1", target.port);
      const auth = await session.login(target.user, target.pass);
      if (auth.code !== 235) throw new Error(`AUTH failed: ${auth.code} ${auth.text}`);
      while (next < count) {
        const i = next++;
        const reply = await session.send({ from: "invoices@billing.example", to: `customer${c}@example.net`, subject: `bench ${i}`, body });
        if (reply.code !== 250) throw new Error(`message ${i}: ${reply.code} ${reply.text}`);
      }
      await session.quit();
    }),
  );
  const acceptedMs = performance.now() - started;
  await waitUntil(() => delivered - startDelivered >= count);
  const deliveredMs = performance.now() - started;
  // let the last delivered hooks and event shipping finish before reading the CPU time
  await new Promise((r) => setTimeout(r, 700));
  return { acceptedMs, deliveredMs, cpuMsPerMessage: ((cpuSeconds(target.pid) - startCpu) * 1000) / count };
}

async function measure(label: string, start: () => Promise<Target>) {
  const target = await start();
  try {
    await blast(target, WARMUP_MESSAGES, CONNECTIONS);
    const r = await blast(target, MESSAGES, CONNECTIONS);
    const accepted = (MESSAGES / r.acceptedMs) * 1000;
    const deliveredRate = (MESSAGES / r.deliveredMs) * 1000;
    console.log(
      `${label.padEnd(16)} ${accepted.toFixed(0).padStart(5)} msg/s accepted  ${deliveredRate.toFixed(0).padStart(5)} msg/s delivered  ${r.cpuMsPerMessage.toFixed(2)} ms Haraka CPU per message`,
    );
    return { accepted, delivered: deliveredRate, cpu: r.cpuMsPerMessage };
  } finally {
    await target.stop();
  }
}

console.log(
  `${MESSAGES} messages of ~${(SIZE_BYTES / 1000).toFixed(0)} KB over ${CONNECTIONS} connections, ${ROUNDS} round(s), ${os.cpus().length} CPUs, node ${process.version}; ` +
    `baseline ${DKIM_BASELINE ? "with Haraka's dkim plugin signing" : "without DKIM"}`,
);
const totals = { without: { accepted: 0, delivered: 0, cpu: 0 }, with: { accepted: 0, delivered: 0, cpu: 0 } };
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const a = await measure(DKIM_BASELINE ? "without (+dkim)" : "without plugin", withoutPlugin);
    const b = await measure(`with switchyard`, withPlugin);
    totals.without.accepted += a.accepted / ROUNDS;
    totals.without.delivered += a.delivered / ROUNDS;
    totals.with.accepted += b.accepted / ROUNDS;
    totals.with.delivered += b.delivered / ROUNDS;
    totals.without.cpu += a.cpu / ROUNDS;
    totals.with.cpu += b.cpu / ROUNDS;
  }
  const pct = (x: number, y: number) => `${((x / y) * 100).toFixed(0)} %`;
  console.log(
    `mean: without ${totals.without.accepted.toFixed(0)} / with ${totals.with.accepted.toFixed(0)} msg/s accepted (${pct(totals.with.accepted, totals.without.accepted)}), ` +
      `delivered ${pct(totals.with.delivered, totals.without.delivered)} — goal ≥ 90 %`,
  );
  console.log(
    `Haraka CPU per message: without ${totals.without.cpu.toFixed(2)} ms, with ${totals.with.cpu.toFixed(2)} ms → ` +
      `capacity with the plugin ${pct(totals.without.cpu, totals.with.cpu)} of without (the wall-clock figures depend on what else runs on the machine)`,
  );
  console.log(`events received by the (fake) control plane: ${cp.received.length}`);
} finally {
  await cp.stop();
  await sink.close();
  if (!process.env.KEEP_BENCH_DIR) fs.rmSync(dir, { recursive: true, force: true });
}
