// npm run bench:poll [-- --url http://127.0.0.1:3000 --token syrelay_… --connections 16 --seconds 8 --rounds 3]
// Throughput of the relays' steady state: GET /api/relay/v1/policy with If-None-Match of the
// current version, answered 304, on a running control plane, vs a bare node:http server (a child
// process started by this script, so it has its own process and event loop like the Next server)
// that answers the same ETag with 304 from the same cached bytes. The same client loop drives both: one
// keep-alive agent, N connections each sending back to back for a fixed time. The targets are
// measured alternately, round by round, so both see the same machine load.
//
//   --url / SWITCHYARD_URL            control plane base URL (default http://127.0.0.1:3000)
//   --token / SWITCHYARD_RELAY_TOKEN  a relay's bearer token (npm run relay:register -- --name bench)
//   --connections / BENCH_CONNECTIONS concurrent keep-alive connections (default 16)
//   --seconds / BENCH_SECONDS         measured seconds per target per round (default 8)
//   --rounds / BENCH_ROUNDS           rounds (default 3; one round = both targets once)
//
// Prints req/s (median over rounds), latency p50/p99, each server's CPU time per request (from
// /proc: the process listening on the URL's port, so run it on the same machine) and the ratio
// endpoint / bare (goal ≥ 50 %). The relay token must be registered before a PGlite control plane
// starts (PGlite allows one process).
// Only loopback targets; every loop is bounded by time.
import http from "node:http";
import os from "node:os";
import { parseArgs } from "node:util";
import { spawnBareServer } from "./support/bare-server";
import { assertLoopback, httpRequest, loadAverage as load, median, percentile } from "./support/bench-common";
import { controlPlaneUrl, numberOption } from "./support/bench-options";
import { controlPlaneDatabase } from "./support/control-plane";
import { cpuMsOf, pidListeningOn } from "./support/proc-cpu";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    token: { type: "string" },
    connections: { type: "string" },
    seconds: { type: "string" },
    rounds: { type: "string" },
  },
});
const BASE_URL = controlPlaneUrl(values.url);
const TOKEN = values.token ?? process.env.SWITCHYARD_RELAY_TOKEN ?? "";
const CONNECTIONS = numberOption(values.connections, "BENCH_CONNECTIONS", 16);
const SECONDS = numberOption(values.seconds, "BENCH_SECONDS", 8);
const ROUNDS = numberOption(values.rounds, "BENCH_ROUNDS", 3);
const WARMUP_SECONDS = 4;
const POLICY_PATH = "/api/relay/v1/policy";
const GOAL_RATIO = 0.5;

if (!TOKEN) {
  console.error(
    "Set SWITCHYARD_RELAY_TOKEN (or --token): a relay token from `npm run relay:register -- --name bench`.",
  );
  process.exit(2);
}
assertLoopback(BASE_URL);

// ---- the bare server: same bytes, same ETag, 304 on a match ------------------------------------
// A child process (like the Next server, its own process and event loop), so its CPU time can be
// read from /proc like the Next server's.

const BARE_SERVER = `
const http = require("node:http");
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
const { etag, body } = JSON.parse(input);
const server = http.createServer((req, res) => {
  if (req.headers["if-none-match"] === etag) {
    res.writeHead(304, { ETag: etag, "Cache-Control": "no-store" });
    res.end();
  } else {
    res.writeHead(200, { ETag: etag, "Cache-Control": "no-store", "Content-Type": "application/json" });
    res.end(body);
  }
});
server.keepAliveTimeout = 5000;
server.listen(0, "127.0.0.1", () => process.stdout.write("port=" + server.address().port + "\\n"));
});
process.on("SIGTERM", () => process.exit(0));
`;

// The snapshot goes through stdin: it can be larger than an environment variable may be.
const startBare = (etag: string, body: string) => spawnBareServer(BARE_SERVER, JSON.stringify({ etag, body }));

// ---- the client loop -------------------------------------------------------------------------

interface Run {
  requests: number;
  notModified: number;
  other: number;
  errors: number;
  seconds: number;
  latencies: number[];
}

async function drive(url: string, headers: Record<string, string>, seconds: number): Promise<Run> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const run: Run = { requests: 0, notModified: 0, other: 0, errors: 0, seconds: 0, latencies: [] };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const one = () =>
    new Promise<void>((resolve) => {
      const sent = performance.now();
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on("end", () => {
          run.requests++;
          if (res.statusCode === 304) run.notModified++;
          else run.other++;
          run.latencies.push(performance.now() - sent);
          resolve();
        });
      });
      req.on("error", () => {
        run.errors++;
        resolve();
      });
    });
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < deadline) await one();
    }),
  );
  run.seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return run;
}

// ---- main ------------------------------------------------------------------------------------

const auth = { Authorization: `Bearer ${TOKEN}` };
const database = await controlPlaneDatabase(BASE_URL).catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const first = await httpRequest(`${BASE_URL}${POLICY_PATH}`, { headers: auth });
if (first.status !== 200 || !first.etag) {
  console.error(`GET ${POLICY_PATH} answered ${first.status}: ${first.body.slice(0, 300)}`);
  process.exit(1);
}
const etag = first.etag;
const bare = await startBare(etag, first.body);
const headers = { ...auth, "If-None-Match": etag };
const port = Number(new URL(BASE_URL).port || 80);
const targets = [
  { name: `Next ${POLICY_PATH} (${database})`, url: `${BASE_URL}${POLICY_PATH}`, pid: pidListeningOn(port) },
  { name: "bare node:http, same bytes", url: `${bare.url}${POLICY_PATH}`, pid: bare.pid },
];

console.log(
  `Policy poll, 304 steady state: version ${etag}, snapshot ${first.body.length} bytes, ${CONNECTIONS} keep-alive connections, ${ROUNDS} × ${SECONDS} s per target (after ${WARMUP_SECONDS} s warm-up each).`,
);
console.log(
  `${os.cpus().length} cores, load average at start ${load()}${targets[0].pid ? `; server process ${targets[0].pid}` : "; server process not found (no CPU figures)"}`,
);
for (const t of targets) await drive(t.url, headers, WARMUP_SECONDS);

const results = targets.map(() => ({
  rates: [] as number[],
  latencies: [] as number[],
  other: 0,
  errors: 0,
  requests: 0,
  cpuMs: 0,
}));
for (let round = 0; round < ROUNDS; round++) {
  // Alternate which target goes first so a load change does not favour one of them.
  const order = round % 2 === 0 ? [0, 1] : [1, 0];
  for (const i of order) {
    const cpuBefore = cpuMsOf(targets[i].pid);
    const run = await drive(targets[i].url, headers, SECONDS);
    const cpuAfter = cpuMsOf(targets[i].pid);
    const r = results[i];
    r.rates.push(run.notModified / run.seconds);
    r.latencies.push(...run.latencies);
    r.other += run.other;
    r.errors += run.errors;
    r.requests += run.requests;
    r.cpuMs += cpuBefore !== null && cpuAfter !== null ? cpuAfter - cpuBefore : Number.NaN;
    console.log(
      `  round ${round + 1} ${targets[i].name.padEnd(44)} ${(run.notModified / run.seconds).toFixed(0).padStart(7)} req/s  (load ${load()})`,
    );
  }
}
await bare.stop();

const table = targets.map((t, i) => {
  const r = results[i];
  const sorted = r.latencies.sort((a, b) => a - b);
  return {
    target: t.name,
    "304/s (median)": Math.round(median(r.rates)),
    "rounds 304/s": r.rates.map((x) => Math.round(x)).join(" / "),
    "p50 ms": Number(percentile(sorted, 50).toFixed(2)),
    "p99 ms": Number(percentile(sorted, 99).toFixed(2)),
    // Server CPU time per request: less sensitive to the machine's other load than req/s.
    "server CPU µs/req": Number.isFinite(r.cpuMs) ? Math.round((r.cpuMs * 1000) / r.requests) : "n/a",
    "non-304": r.other,
    errors: r.errors,
  };
});
console.log("");
console.table(table);
const ratio = table[0]["304/s (median)"] / table[1]["304/s (median)"];
console.log(
  `Ratio endpoint / bare (req/s): ${(ratio * 100).toFixed(1)} % (goal ≥ ${GOAL_RATIO * 100} %: ${ratio >= GOAL_RATIO ? "met" : "NOT met"}).`,
);
const [nextCpu, bareCpu] = table.map((row) => row["server CPU µs/req"]);
if (typeof nextCpu === "number" && typeof bareCpu === "number" && nextCpu > 0) {
  console.log(`Ratio by server CPU per request (bare / endpoint): ${((bareCpu / nextCpu) * 100).toFixed(1)} %.`);
}
console.log(`Load average at end ${load()}.`);
if (table.some((row) => row["non-304"] > 0 || row.errors > 0)) {
  console.log("Some answers were not 304 (the policy changed during the run, or errors): the figures are not clean.");
  process.exitCode = 1;
}
