// npm run bench:relay-content [-- --messages 1000 --connections 16 --rounds 2 --size 3000 --releases 20]
// Content scanning at the relay, side by side, against the same real clamd and rspamd
// (relay/local-scanners.ts; EICAR signature, minimal rspamd config):
//   stock plugins    Haraka + haraka-plugin-clamd + haraka-plugin-rspamd (configured fail-closed:
//                    authenticated mail checked, errors and timeouts defer) + Haraka's dkim plugin
//                    signing with the same RSA key, auth/flat_file
//   switchyard       Haraka + the switchyard plugin with the Standard profile: clamd + rspamd +
//                    DLP (card, IBAN) + attachment rules, plus its policy checks, DKIM and events
//   switchyard, no profile   the same relay with no content profile (what content costs it)
// All: STARTTLS + AUTH on every connection, Haraka's outbound queue to the same local sink.
// Then release → delivered latency: messages quarantined by the card rule, released one at a
// time by a command in the policy snapshot (fake control plane long-poll), timed until the sink
// has the message.
// BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each Haraka's measured run to <dir>/<label>.cpuprofile.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { generateToken } from "../lib/server/secrets/token-format";
import { ini, prepareInstance } from "../relay/haraka-instance";
import { spawnHaraka } from "../relay/haraka-process";
import { startRelay } from "../relay/launch";
import { startLocalClamd, startLocalRspamd } from "../relay/local-scanners";
import { startSink } from "../relay/sink/sink-server";
import { ensureCertificate } from "../relay/tls-cert";
import { FakeControlPlane } from "../tests/relay/support/fake-control-plane";
import { makeFixture, standardProfile } from "../tests/relay/support/policy-fixture";
import { SmtpSession } from "../tests/relay/support/smtp-session";
import { loadAverage, p50p95 } from "./support/bench-common";
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
    releases: { type: "string" },
  },
});
const MESSAGES = Number(values.messages ?? 1000);
const CONNECTIONS = Number(values.connections ?? 16);
const ROUNDS = Number(values.rounds ?? 2);
const SIZE_BYTES = Number(values.size ?? 3000);
const RELEASES = Number(values.releases ?? 20);
const WARMUP_MESSAGES = 100;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-content-"));
const PROFILE_DIR = installProfilerPreload(dir);
const [clamd, rspamd] = await Promise.all([
  startLocalClamd({ dir: path.join(dir, "clamd") }),
  startLocalRspamd({ dir: path.join(dir, "rspamd") }),
]);
const sinkArrivals = new Map<string, number>();
let delivered = 0;
const sink = await startSink({
  host: "127.0.0.1",
  port: 0,
  dir: path.join(dir, "sink"),
  onMessage: (m) => {
    delivered++;
    if (m.subject) sinkArrivals.set(m.subject, performance.now());
  },
});
const fixture = makeFixture();
for (const sender of fixture.snapshot.senders)
  Object.assign(sender, { rateLimitPerMinute: 10_000_000, rateLimitPerDay: 100_000_000 });
const profile = standardProfile();
const cp = new FakeControlPlane({ token: generateToken("relay"), snapshot: fixture.snapshot, validate: false });
await cp.start();
// An ordinary business message: a few paragraphs, an order number, no card number.
const body = `Dear customer,\r\n\r\nyour order 2026-88412 has shipped. ${"Lorem ipsum dolor sit amet, consectetur adipiscing elit. "
  .repeat(Math.ceil(SIZE_BYTES / 58))
  .slice(0, SIZE_BYTES)
  .replace(/(.{76})/g, "$1\r\n")}\r\n\r\nKind regards`;

type Target = RelayTarget;

function setProfile(withProfile: boolean) {
  cp.update((s) => {
    s.contentProfiles = withProfile ? [profile] : [];
    for (const sender of s.senders) sender.contentProfileId = withProfile ? profile.id : null;
  });
}

async function switchyard(withProfile: boolean): Promise<Target> {
  setProfile(withProfile);
  const heartbeatsBefore = cp.heartbeats.length;
  const relay = await startRelay({
    name: "bench-relay",
    controlUrl: cp.url,
    token: cp.token,
    listenPort: 0,
    smarthost: `127.0.0.1:${sink.port}`,
    stateDir: path.join(dir, withProfile ? "switchyard" : "switchyard-no-profile"),
    logLevel: "warn",
    clamd: `127.0.0.1:${clamd.port}`,
    rspamd: rspamd.url,
  });
  await waitUntil(() => cp.heartbeats.slice(heartbeatsBefore).some((h) => h.policyVersion === cp.version));
  const { username, secret } = fixture.creds.billing;
  return { pid: relay.pid, port: relay.port, user: username, pass: secret, stop: relay.stop };
}

async function stockPlugins(): Promise<Target> {
  const stateDir = path.join(dir, "stock");
  const instanceDir = path.join(stateDir, "haraka");
  const tls = await ensureCertificate(stateDir, "bench-stock");
  prepareInstance({
    instanceDir,
    name: "bench-stock",
    listenHost: "127.0.0.1",
    listenPort: 0,
    tls,
    plugins: ["tls", "auth/flat_file", "clamd", "rspamd", "dkim", "bench_baseline"],
    logLevel: "warn",
    extraConfig: {
      ...stockHarakaConfig(fixture.keys.billing),
      // Fail-closed: authenticated/relayed/local mail is scanned, a scanner error defers, and the
      // size limit is the Standard profile's (over it the stock plugin would pass mail unscanned).
      "clamd.ini": ini({
        main: { clamd_socket: `127.0.0.1:${clamd.port}`, max_size: profile.maxScanBytes, timeout: 30 },
        reject: { virus: true, error: true },
        check: { authenticated: true, relay: true, private_ip: true, local_ip: true },
      }),
      "rspamd.ini": ini({
        main: { host: "127.0.0.1", port: rspamd.port, add_headers: "always" },
        check: { authenticated: true, relay: true, private_ip: true, local_ip: true },
        defer: { error: true, timeout: true },
        reject: { authenticated: true, spam: true },
      }),
    },
  });
  fs.writeFileSync(path.join(instanceDir, "plugins", "bench_baseline.js"), BASELINE_PLUGIN);
  const haraka = await spawnHaraka({
    instanceDir,
    logFile: path.join(stateDir, "haraka.log"),
    env: { BENCH_SINK_PORT: String(sink.port) },
  });
  return { pid: haraka.pid, port: haraka.port, user: "bench", pass: "bench-secret", stop: haraka.stop };
}

async function blast(target: Target, count: number) {
  const startDelivered = delivered;
  const startCpu = cpuSecondsOf(target.pid);
  const acceptedMs = await sendOverSessions(target, { count, connections: CONNECTIONS, body });
  await waitUntil(() => delivered - startDelivered >= count);
  await new Promise((r) => setTimeout(r, 500));
  const cpu = cpuSecondsOf(target.pid);
  return {
    accepted: (count / acceptedMs) * 1000,
    cpuMs: ((cpu.user + cpu.system - startCpu.user - startCpu.system) * 1000) / count,
  };
}

async function measure(label: string, start: () => Promise<Target>) {
  const profile = PROFILE_DIR && path.join(PROFILE_DIR, `${label.replace(/\W+/g, "-")}.cpuprofile`);
  if (profile) process.env.BENCH_PROFILE_FILE = profile;
  const target = await start();
  try {
    await blast(target, WARMUP_MESSAGES);
    if (profile) process.kill(target.pid, "SIGUSR2");
    const r = await blast(target, MESSAGES);
    if (profile) {
      process.kill(target.pid, "SIGUSR2");
      await waitUntil(() => fs.existsSync(profile));
    }
    console.log(
      `${label.padEnd(24)} ${r.accepted.toFixed(0).padStart(5)} msg/s accepted   ${r.cpuMs.toFixed(2)} ms Haraka CPU per message   load ${os.loadavg()[0].toFixed(1)}`,
    );
    return r;
  } finally {
    await target.stop();
  }
}

// Quarantined messages released one at a time: command in the snapshot → message at the sink.
async function releaseLatency(): Promise<number[]> {
  const target = await switchyard(true);
  try {
    const { session } = await SmtpSession.connect("127.0.0.1", target.port);
    await session.login(target.user, target.pass);
    const ids: { id: string; subject: string }[] = [];
    for (let i = 0; i < RELEASES; i++) {
      const subject = `release ${i}`;
      const reply = await session.send({
        from: "invoices@billing.example",
        to: "customer@example.net",
        subject,
        body: "Please charge my credit card 4111 1111 1111 1111.",
      });
      const id = /quarantine ([0-9a-f-]{36})/.exec(reply.text)?.[1];
      if (reply.code !== 250 || !id) throw new Error(`not quarantined: ${reply.code} ${reply.text}`);
      ids.push({ id, subject });
    }
    await session.quit();
    await waitUntil(() => ids.every(({ id }) => cp.quarantineReports.some((r) => r.id === id)));
    const latencies: number[] = [];
    for (const { id, subject } of ids) {
      const commanded = performance.now();
      cp.update((s) => {
        s.quarantineCommands = [{ id, relayId: fixture.ids.billing, action: "release" }];
      });
      await waitUntil(() => sinkArrivals.has(subject), 30_000);
      latencies.push((sinkArrivals.get(subject) as number) - commanded);
    }
    return latencies;
  } finally {
    await target.stop();
  }
}

console.log(
  `${MESSAGES} messages of ~${(SIZE_BYTES / 1000).toFixed(0)} KB over ${CONNECTIONS} connections, ${ROUNDS} round(s), ` +
    `${os.cpus().length} CPUs, node ${process.version}; clamd and rspamd local (started in ${clamd.startupMs} / ${rspamd.startupMs} ms)`,
);
const CONFIGS = [
  { label: "stock clamd+rspamd+dkim", start: stockPlugins },
  { label: "switchyard Standard", start: () => switchyard(true) },
  { label: "switchyard no profile", start: () => switchyard(false) },
];
type Result = Awaited<ReturnType<typeof measure>>;
const results = new Map<string, Result[]>(CONFIGS.map((c) => [c.label, []]));
try {
  for (let round = 1; round <= ROUNDS; round++)
    for (const config of CONFIGS) results.get(config.label)?.push(await measure(config.label, config.start));
  const mean = (label: string, key: keyof Result) =>
    (results.get(label) ?? []).reduce((sum, r) => sum + r[key], 0) / ROUNDS;
  const pct = (x: number, y: number) => `${((x / y) * 100).toFixed(0)} %`;
  const [stock, standard, bare] = CONFIGS.map((c) => c.label);
  console.log(
    `switchyard Standard vs stock plugins: ${mean(standard, "accepted").toFixed(0)} / ${mean(stock, "accepted").toFixed(0)} msg/s ` +
      `(${pct(mean(standard, "accepted"), mean(stock, "accepted"))}, goal ≥ 100 %); Haraka CPU per message ` +
      `${mean(standard, "cpuMs").toFixed(2)} vs ${mean(stock, "cpuMs").toFixed(2)} ms`,
  );
  console.log(
    `content cost in switchyard: ${mean(standard, "accepted").toFixed(0)} vs ${mean(bare, "accepted").toFixed(0)} msg/s without a profile ` +
      `(${pct(mean(standard, "accepted"), mean(bare, "accepted"))}); CPU ${mean(standard, "cpuMs").toFixed(2)} vs ${mean(bare, "cpuMs").toFixed(2)} ms`,
  );
  if (RELEASES > 0) {
    const latencies = await releaseLatency();
    const { p50, p95 } = p50p95(latencies);
    console.log(
      `release → delivered (command in the snapshot → message at the next hop), ${latencies.length} releases: ` +
        `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${Math.max(...latencies).toFixed(0)} ms (goal < 2 s)`,
    );
  }
  console.log(`load average ${loadAverage(1)}`);
} finally {
  await cp.stop();
  await sink.close();
  await clamd.stop();
  await rspamd.stop();
  if (!process.env.KEEP_BENCH_DIR) fs.rmSync(dir, { recursive: true, force: true });
}
