// npm run bench:propagation [-- --pollers 50 --rounds 20]
// How fast a kill switch reaches the relays. P simulated relays long-poll the real endpoint
// (GET /api/relay/v1/policy?wait=25 with If-None-Match, each on its own keep-alive connection,
// exactly like the reference relay); then, round after round, a sender kill switch is engaged and
// released through the management API (POST /api/v1/kill-switches, POST
// /api/v1/kill-switches/{id}/release). For each change: the time from sending the request to each
// poller holding the new version → p50 / p99 / max over all pollers × rounds (goal: p99 < 1 s).
// Baseline, side by side (the rounds alternate between targets): a bare node:http long-poll server
// (child process) whose "engage" bumps an in-memory version and wakes its waiters at once — the
// floor of a 50-way fan-out on this machine with the same pollers.
//
//   SWITCHYARD_URL (--url)               control plane base URL (default http://127.0.0.1:3000)
//   SWITCHYARD_RELAY_TOKEN (--relay-token) a relay token (npm run relay:register -- --name bench)
//   SWITCHYARD_API_TOKEN (--api-token)   an admin's API token (npm run token:create -- --email
//                                        admin@switchyard.local --name bench)
//   BENCH_DATABASE_URL + BENCH_PG_URL    optional second target: a control plane (BENCH_PG_URL) started
//                                        with DATABASE_URL=BENCH_DATABASE_URL. Its relay and API tokens
//                                        are BENCH_PG_RELAY_TOKEN / BENCH_PG_API_TOKEN, or, when not set,
//                                        minted in that database for the run and revoked after it.
//   --pollers / BENCH_POLLERS (50), --rounds / BENCH_ROUNDS (20), --sender <id> (default: the
//   first active sender without an engaged switch)
//
// Writes to the target: kill switches engaged and released (audited), so run it against a copy.
// Only loopback targets; every loop is bounded (rounds, and a 30 s timeout per change).
import { spawn } from "node:child_process";
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { assertLoopback, httpRequest as request, loadAverage as load, percentile } from "./support/bench-common";
import { mintBenchTokens } from "./support/bench-tokens";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    "relay-token": { type: "string" },
    "api-token": { type: "string" },
    pollers: { type: "string" },
    rounds: { type: "string" },
    sender: { type: "string" },
  },
});
const POLLERS = Number(values.pollers ?? process.env.BENCH_POLLERS ?? 50);
const ROUNDS = Number(values.rounds ?? process.env.BENCH_ROUNDS ?? 20);
const WAIT_S = 25;
const CHANGE_TIMEOUT_MS = 30_000;
const SETTLE_MS = 250;
const GOAL_P99_MS = 1000;
const POLICY_PATH = "/api/relay/v1/policy";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const versionOf = (etag: string | undefined) => Number(/^"(\d+)"$/.exec(etag ?? "")?.[1] ?? Number.NaN);

// ---- a simulated relay: long-poll loop, remembers when it first held each version ---------------

class Poller {
  version = 0;
  // version → performance.now() when this poller first held it
  readonly heldAt = new Map<number, number>();
  errors = 0;
  private stopped = false;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

  constructor(
    private readonly url: string,
    private readonly headers: Record<string, string>,
  ) {}

  async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const answer = await request(`${this.url}?wait=${WAIT_S}`, { headers: { ...this.headers, ...(this.version ? { "If-None-Match": `"${this.version}"` } : {}) }, agent: this.agent });
        const now = performance.now();
        if (answer.status === 200) {
          const version = versionOf(answer.etag);
          if (version > this.version) {
            this.version = version;
            this.heldAt.set(version, now);
          }
        } else if (answer.status !== 304) {
          this.errors++;
          await sleep(500);
        }
      } catch {
        if (this.stopped) break;
        this.errors++;
        await sleep(500);
      }
    }
  }

  // When this poller first held `version` or a later one.
  firstHeld(version: number): number | undefined {
    let first: number | undefined;
    for (const [v, at] of this.heldAt) if (v >= version && (first === undefined || at < first)) first = at;
    return first;
  }

  stop(): void {
    this.stopped = true;
    this.agent.destroy();
  }
}

// ---- the bare baseline: an in-memory version, long-poll waiters woken at once --------------------

const BARE_SERVER = `
const http = require("node:http");
let version = 1;
let waiters = [];
const body = () => JSON.stringify({ version, generatedAt: new Date().toISOString(), killSwitches: [], senders: [], domains: [] });
function answer(req, res) {
  const etag = '"' + version + '"';
  if (req.headers["if-none-match"] === etag) { res.writeHead(304, { ETag: etag, "Cache-Control": "no-store" }); res.end(); }
  else { res.writeHead(200, { ETag: etag, "Cache-Control": "no-store", "Content-Type": "application/json" }); res.end(body()); }
}
const server = http.createServer((req, res) => {
  if (req.method === "POST") {
    version++;
    const woken = waiters; waiters = [];
    for (const w of woken) { clearTimeout(w.timer); answer(w.req, w.res); }
    res.writeHead(201, { "Content-Type": "application/json" });
    return res.end(JSON.stringify({ policyVersion: version }));
  }
  const wait = Number(new URL(req.url, "http://x").searchParams.get("wait") || 0);
  if (wait && req.headers["if-none-match"] === '"' + version + '"') {
    const w = { req, res };
    w.timer = setTimeout(() => { waiters = waiters.filter((x) => x !== w); answer(req, res); }, wait * 1000);
    waiters.push(w);
    return;
  }
  answer(req, res);
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => process.stdout.write("port=" + server.address().port + "\\n"));
process.on("SIGTERM", () => process.exit(0));
`;

function startBare(): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["-e", BARE_SERVER], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.stdout.setEncoding("utf8");
    child.stdout.once("data", (line: string) => resolve({ url: `http://127.0.0.1:${Number(/port=(\d+)/.exec(line)?.[1])}`, stop: () => child.kill("SIGTERM") }));
  });
}

// ---- targets -------------------------------------------------------------------------------------

interface Change {
  kind: "engage" | "release";
  // Sends the change; resolves with the policy version it produced.
  send: () => Promise<number>;
}

interface Target {
  name: string;
  pollUrl: string;
  relayHeaders: Record<string, string>;
  // Each round: the changes to measure, in order.
  changes: (round: number) => Change[];
  cleanup: () => Promise<void>;
  pollers: Poller[];
  samples: { engage: number[]; release: number[] };
  apiMs: number[];
  // From the API's answer to the poller holding the version (the fan-out alone; negative when a
  // poller had it before the answer arrived).
  afterAnswer: number[];
  missed: number;
}

async function controlPlaneTarget(label: string, baseUrl: string, relayToken: string, apiToken: string, senderArg?: string): Promise<Target> {
  assertLoopback(baseUrl);
  const api = { Authorization: `Bearer ${apiToken}`, "Content-Type": "application/json" };
  const health = await request(`${baseUrl}/api/health`, {}).catch((error: Error) => {
    throw new Error(`The control plane at ${baseUrl} does not answer: ${error.message}`);
  });
  const database = (JSON.parse(health.body) as { database?: string }).database ?? "?";
  const probe = await request(`${baseUrl}${POLICY_PATH}`, { headers: { Authorization: `Bearer ${relayToken}` } });
  if (probe.status !== 200) throw new Error(`${label}: GET ${POLICY_PATH} answered ${probe.status}: ${probe.body.slice(0, 200)}`);
  const switches = await request(`${baseUrl}/api/v1/kill-switches`, { headers: api });
  if (switches.status !== 200) throw new Error(`${label}: GET /api/v1/kill-switches answered ${switches.status}: ${switches.body.slice(0, 200)}`);
  const engagedTargets = new Set((JSON.parse(switches.body) as { engaged: { targetId: string | null }[] }).engaged.map((s) => s.targetId));
  let senderId = senderArg;
  if (!senderId) {
    const list = await request(`${baseUrl}/api/v1/senders?status=active`, { headers: api });
    if (list.status !== 200) throw new Error(`${label}: GET /api/v1/senders answered ${list.status}: ${list.body.slice(0, 200)}`);
    senderId = (JSON.parse(list.body) as { senders: { id: string }[] }).senders.find((s) => !engagedTargets.has(s.id))?.id;
    if (!senderId) throw new Error(`${label}: no active sender without an engaged kill switch.`);
  }
  let engaged: string | null = null;
  const post = async (path: string, body: unknown, expected: number) => {
    const answer = await request(`${baseUrl}${path}`, { method: "POST", headers: api, body: JSON.stringify(body) });
    if (answer.status !== expected) throw new Error(`${label}: POST ${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    return JSON.parse(answer.body) as { killSwitch: { id: string }; policyVersion: number };
  };
  return {
    name: `Next, ${database} (${new URL(baseUrl).host})`,
    pollUrl: `${baseUrl}${POLICY_PATH}`,
    relayHeaders: { Authorization: `Bearer ${relayToken}` },
    changes: (round) => [
      {
        kind: "engage",
        send: async () => {
          const result = await post("/api/v1/kill-switches", { scope: "sender", targetId: senderId, reason: `bench: propagation round ${round + 1}` }, 201);
          engaged = result.killSwitch.id;
          return result.policyVersion;
        },
      },
      {
        kind: "release",
        send: async () => {
          const result = await post(`/api/v1/kill-switches/${engaged}/release`, { reason: `bench: propagation round ${round + 1} done` }, 200);
          engaged = null;
          return result.policyVersion;
        },
      },
    ],
    cleanup: async () => {
      if (engaged) await post(`/api/v1/kill-switches/${engaged}/release`, { reason: "bench: cleanup" }, 200).catch(() => undefined);
    },
    pollers: [],
    samples: { engage: [], release: [] },
    apiMs: [],
    afterAnswer: [],
    missed: 0,
  };
}

async function bareTarget(): Promise<Target> {
  const bare = await startBare();
  const bump = async () => (JSON.parse((await request(`${bare.url}/bump`, { method: "POST" })).body) as { policyVersion: number }).policyVersion;
  return {
    name: "bare node:http long-poll",
    pollUrl: `${bare.url}${POLICY_PATH}`,
    relayHeaders: {},
    changes: () => [
      { kind: "engage", send: bump },
      { kind: "release", send: bump },
    ],
    cleanup: async () => bare.stop(),
    pollers: [],
    samples: { engage: [], release: [] },
    apiMs: [],
    afterAnswer: [],
    missed: 0,
  };
}

// ---- measuring -----------------------------------------------------------------------------------

async function allHold(target: Target, version: number, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (target.pollers.every((p) => p.version >= version)) return true;
    await sleep(5);
  }
  return false;
}

async function measure(target: Target, change: Change): Promise<void> {
  // Every poller parked on the current version (its next long-poll sent).
  await sleep(SETTLE_MS);
  const sent = performance.now();
  const version = await change.send();
  const answered = performance.now();
  target.apiMs.push(answered - sent);
  await allHold(target, version, CHANGE_TIMEOUT_MS);
  for (const poller of target.pollers) {
    const at = poller.firstHeld(version);
    if (at === undefined) target.missed++;
    else {
      target.samples[change.kind].push(at - sent);
      target.afterAnswer.push(at - answered);
    }
  }
}

async function main(): Promise<void> {
  const baseUrl = (values.url ?? process.env.SWITCHYARD_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
  const relayToken = values["relay-token"] ?? process.env.SWITCHYARD_RELAY_TOKEN ?? "";
  const apiToken = values["api-token"] ?? process.env.SWITCHYARD_API_TOKEN ?? "";
  if (!relayToken || !apiToken) {
    console.error("Set SWITCHYARD_RELAY_TOKEN and SWITCHYARD_API_TOKEN (see the top of bench/kill-switch-propagation.ts).");
    process.exit(2);
  }
  const cleanups: (() => Promise<void>)[] = [];
  const targets: Target[] = [await bareTarget()];
  targets.push(await controlPlaneTarget("SWITCHYARD_URL", baseUrl, relayToken, apiToken, values.sender));
  const pgDatabase = process.env.BENCH_DATABASE_URL;
  const pgUrl = process.env.BENCH_PG_URL?.replace(/\/$/, "");
  if (pgDatabase && !pgUrl) console.log("BENCH_DATABASE_URL is set but BENCH_PG_URL is not: the PostgreSQL target is skipped.");
  if (pgDatabase && pgUrl) {
    let pgRelay = process.env.BENCH_PG_RELAY_TOKEN;
    let pgApi = process.env.BENCH_PG_API_TOKEN;
    if (!pgRelay || !pgApi) {
      const minted = await mintBenchTokens(pgDatabase, { label: "bench-propagation", api: true });
      pgRelay ??= minted.relayToken;
      pgApi ??= minted.apiToken ?? "";
      cleanups.push(minted.revoke);
    }
    targets.push(await controlPlaneTarget("BENCH_PG_URL", pgUrl, pgRelay, pgApi));
  }

  console.log(`Kill-switch propagation: ${POLLERS} long-polling relays (wait=${WAIT_S}) per target, ${ROUNDS} rounds of engage + release, targets alternating.`);
  console.log(`${os.cpus().length} cores, load average at start ${load()}`);
  try {
    for (const target of targets) {
      target.pollers = Array.from({ length: POLLERS }, () => new Poller(target.pollUrl, target.relayHeaders));
      for (const p of target.pollers) void p.run();
    }
    for (const target of targets) {
      if (!(await allHold(target, 1, 20_000))) throw new Error(`${target.name}: not every poller got the policy within 20 s.`);
    }
    for (let round = 0; round < ROUNDS; round++) {
      const order = targets.map((_, i) => (i + round) % targets.length);
      for (const i of order) for (const change of targets[i].changes(round)) await measure(targets[i], change);
      if ((round + 1) % 5 === 0) console.log(`  ${round + 1}/${ROUNDS} rounds (load ${load()})`);
    }
  } finally {
    for (const target of targets) {
      for (const p of target.pollers) p.stop();
      await target.cleanup();
    }
    for (const cleanup of cleanups) await cleanup();
  }

  const rows = targets.map((t) => {
    const all = [...t.samples.engage, ...t.samples.release].sort((a, b) => a - b);
    const engage = [...t.samples.engage].sort((a, b) => a - b);
    const apiSorted = [...t.apiMs].sort((a, b) => a - b);
    const fanOut = [...t.afterAnswer].sort((a, b) => a - b);
    return {
      target: t.name,
      samples: all.length,
      "engage p50 ms": Number(percentile(engage, 50).toFixed(1)),
      "engage p99 ms": Number(percentile(engage, 99).toFixed(1)),
      "all p50 ms": Number(percentile(all, 50).toFixed(1)),
      "all p99 ms": Number(percentile(all, 99).toFixed(1)),
      "max ms": Number((all.at(-1) ?? Number.NaN).toFixed(1)),
      "API call p50 ms": Number(percentile(apiSorted, 50).toFixed(1)),
      "API call max ms": Number((apiSorted.at(-1) ?? Number.NaN).toFixed(1)),
      "after answer p99 ms": Number(percentile(fanOut, 99).toFixed(1)),
      missed: t.missed,
      "poll errors": t.pollers.reduce((n, p) => n + p.errors, 0),
    };
  });
  console.log("");
  console.table(rows);
  const bare = rows[0];
  for (const row of rows.slice(1)) {
    const p99 = row["all p99 ms"];
    console.log(
      `${row.target}: p99 ${p99} ms (goal < ${GOAL_P99_MS} ms: ${p99 < GOAL_P99_MS && row.missed === 0 ? "met" : "NOT met"}); vs bare: p50 ×${(row["all p50 ms"] / bare["all p50 ms"]).toFixed(1)}, p99 ×${(p99 / bare["all p99 ms"]).toFixed(1)}.`,
    );
  }
  console.log(`Times are from sending the engage/release request to the poller holding the new version; "all" = engage + release. Load average at end ${load()}.`);
  if (rows.some((r) => r.missed > 0)) process.exitCode = 1;
}

await main();
