// npm run bench:ingest [-- --batch 1000 --senders 4 --seconds 8 --rounds 2]
// Events ingested per second through the real endpoint POST /api/relay/v1/events (batches of valid
// events with unique ids, each outcome after an `accepted` event of its credential as ingest
// requires, several relays sending at once, keep-alive), vs — on PostgreSQL — a bare
// `COPY … FROM STDIN` (text format, pg-copy-streams) of the same rows into a scratch table of the
// same shape (the issue's goal: ≥ 60 % of it), and vs a bare multi-row INSERT of the same
// rows (same columns, primary key and indexes as delivery_events; same batch size and concurrency)
// into a scratch table — the issue's baseline, `insert … values (…), (…)` with one parameter per
// value — and vs a stronger bare baseline, `insert … select * from unnest(…)` with one array
// parameter per column (what the endpoint itself does for the raw events) — with `pg` on
// PostgreSQL, or into an embedded PGlite (temporary directory, migrated, in this process) for a
// control plane on PGlite. Endpoint and bare runs alternate round by round so both see the same
// machine load. The scratch table's columns come from the drizzle schema (bench/support/).
//
//   SWITCHYARD_URL (--url)               control plane base URL (default http://127.0.0.1:3000)
//   SWITCHYARD_RELAY_TOKEN (--relay-token) a relay token (npm run relay:register -- --name bench)
//   BENCH_DATABASE_URL                   the PostgreSQL database a control plane runs on: the scratch
//                                        table for the bare INSERT goes there (and is dropped after)
//   BENCH_PG_URL                         optional second target: a control plane started with
//                                        DATABASE_URL=BENCH_DATABASE_URL (relay token BENCH_PG_RELAY_TOKEN,
//                                        or minted in that database for the run and revoked after it).
//                                        Without BENCH_PG_URL, BENCH_DATABASE_URL is taken to be
//                                        SWITCHYARD_URL's database when that one runs on PostgreSQL.
//   --batch / BENCH_BATCH (1000), --senders / BENCH_SENDERS (concurrent relays, 4),
//   --seconds / BENCH_SECONDS (per run, 8), --rounds / BENCH_ROUNDS (2)
//
// Besides events/s it reports CPU time per event of the Next server process and (PostgreSQL) of the
// database backends serving it, read from /proc: where the time goes, robust to the machine's load.
// Writes real events (and rollups) into the target's database: run it against a copy.
// Goal (PostgreSQL): ≥ 60 % of the bare COPY and ≥ 2× the endpoint rate before COPY ingest (run
// this bench against a control plane built from the previous commit, alternating, on the same
// machine; issue 16). Only loopback; bounded loops.
import { randomUUID } from "node:crypto";
import os from "node:os";
import { parseArgs } from "node:util";
import pg from "pg";
import { type Bare, barePglite, barePostgres } from "./support/bare-ingest";
import { assertLoopback, loadAverage as load } from "./support/bench-common";
import { controlPlaneUrl, numberOption, pgControlPlaneUrl } from "./support/bench-options";
import { pgTargetTokens } from "./support/bench-tokens";
import { controlPlaneDatabase } from "./support/control-plane";
import { EventFactory, type SenderInfo } from "./support/ingest-event-factory";
import { addRun, emptySummary, type Run, summaryRow } from "./support/ingest-summary";
import { backendCpuReader } from "./support/pg-backend-cpu";
import { cpuMsOf, pidListeningOn } from "./support/proc-cpu";

const { values } = parseArgs({
  options: {
    url: { type: "string" },
    "relay-token": { type: "string" },
    batch: { type: "string" },
    senders: { type: "string" },
    seconds: { type: "string" },
    rounds: { type: "string" },
  },
});
const BATCH = numberOption(values.batch, "BENCH_BATCH", 1000);
const SENDERS = numberOption(values.senders, "BENCH_SENDERS", 4);
const SECONDS = numberOption(values.seconds, "BENCH_SECONDS", 8);
const ROUNDS = numberOption(values.rounds, "BENCH_ROUNDS", 2);
const GOAL_EVENTS_PER_S = 50_000;
// Of the first bare baseline: COPY on PostgreSQL, multi-row VALUES on PGlite (no COPY FROM STDIN).
const GOAL_RATIO = 0.6;
const EVENTS_PATH = "/api/relay/v1/events";

interface Answer {
  status: number;
  body: string;
}

// fetch (undici): keep-alive connections pooled per origin, Content-Length set, as relays send.
async function request(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  const response = await fetch(url, { method: init.method ?? "GET", headers: init.headers, body: init.body });
  return { status: response.status, body: await response.text() };
}

// ---- targets --------------------------------------------------------------------------------------

interface Target {
  name: string;
  url: string;
  relayToken: string;
  serverPid: number | null;
  // CPU of the database backends serving the control plane (PostgreSQL), or null (PGlite: in-process).
  dbCpuMs: () => Promise<number | null>;
  // The goal's baseline first (bare COPY on PostgreSQL, VALUES on PGlite), then the others.
  bares: Bare[];
  cleanup: () => Promise<void>;
}

async function makeTarget(
  url: string,
  relayToken: string,
  databaseUrl: string | undefined,
  cleanup: () => Promise<void>,
): Promise<Target> {
  assertLoopback(url);
  const database = await controlPlaneDatabase(url);
  let bares: Bare[];
  let dbCpuMs: Target["dbCpuMs"] = async () => null;
  if (database === "pglite") bares = [await barePglite("values"), await barePglite("unnest")];
  else {
    if (!databaseUrl)
      throw new Error(`${url} runs on PostgreSQL: set BENCH_DATABASE_URL to its database for the bare INSERT.`);
    bares = [
      await barePostgres(databaseUrl, "copy", SENDERS),
      await barePostgres(databaseUrl, "values", SENDERS),
      await barePostgres(databaseUrl, "unnest", SENDERS),
    ];
    const monitor = new pg.Client({ connectionString: databaseUrl, application_name: "bench-monitor" });
    await monitor.connect();
    dbCpuMs = backendCpuReader(monitor, "coalesce(application_name, '') not like 'bench-%'");
    const previous = cleanup;
    cleanup = async () => {
      await monitor.end();
      await previous();
    };
  }
  return {
    name: `Next ${EVENTS_PATH} (${database})`,
    url,
    relayToken,
    serverPid: pidListeningOn(Number(new URL(url).port || 80)),
    dbCpuMs,
    bares,
    cleanup,
  };
}

// ---- driving ----------------------------------------------------------------------------------------

async function loop(
  seconds: number,
  sendBatch: () => Promise<number>,
): Promise<Pick<Run, "events" | "seconds" | "latencies" | "errors">> {
  const run = { events: 0, seconds: 0, latencies: [] as number[], errors: [] as string[] };
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: SENDERS }, async () => {
      while (performance.now() < deadline && run.errors.length < 10) {
        const sent = performance.now();
        try {
          run.events += await sendBatch();
          run.latencies.push(performance.now() - sent);
        } catch (error) {
          run.errors.push((error as Error).message);
        }
      }
    }),
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

async function runEndpoint(target: Target, factory: EventFactory, seconds: number): Promise<Run> {
  const headers = { Authorization: `Bearer ${target.relayToken}`, "Content-Type": "application/json" };
  const appBefore = cpuMsOf(target.serverPid);
  const dbBefore = await target.dbCpuMs();
  const run = await loop(seconds, async () => {
    const events = factory.batch(BATCH);
    const answer = await request(`${target.url}${EVENTS_PATH}`, {
      method: "POST",
      headers,
      body: JSON.stringify({ events }),
    });
    if (answer.status !== 200)
      throw new Error(`POST ${EVENTS_PATH} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const result = JSON.parse(answer.body) as { accepted: number; duplicates: number; invalid: unknown[] };
    if (result.accepted !== events.length)
      throw new Error(
        `accepted ${result.accepted} of ${events.length} (duplicates ${result.duplicates}, invalid ${result.invalid.length}): ${answer.body.slice(0, 300)}`,
      );
    return result.accepted;
  });
  const appAfter = cpuMsOf(target.serverPid);
  const dbAfter = await target.dbCpuMs();
  return {
    ...run,
    appCpuMs: appBefore !== null && appAfter !== null ? appAfter - appBefore : null,
    dbCpuMs: dbBefore !== null && dbAfter !== null ? dbAfter - dbBefore : null,
  };
}

async function runBare(bare: Bare, factory: EventFactory, seconds: number): Promise<Run> {
  const before = await bare.cpuMs();
  const run = await loop(seconds, async () => {
    const events = factory.batch(BATCH);
    await bare.insert(events);
    return events.length;
  });
  const after = await bare.cpuMs();
  return { ...run, appCpuMs: null, dbCpuMs: before !== null && after !== null ? after - before : null };
}

async function benchTarget(target: Target): Promise<void> {
  const policy = await request(`${target.url}/api/relay/v1/policy`, {
    headers: { Authorization: `Bearer ${target.relayToken}` },
  });
  if (policy.status !== 200)
    throw new Error(`GET /api/relay/v1/policy answered ${policy.status}: ${policy.body.slice(0, 200)}`);
  const snapshot = JSON.parse(policy.body) as { version: number; senders: SenderInfo[] };
  const senders = snapshot.senders.length
    ? snapshot.senders
    : [{ id: randomUUID(), fromDomains: ["example.com"], credentials: [] }];
  const factory = new EventFactory(senders, snapshot.version);

  console.log(
    `\n${target.name} at ${target.url}: ${senders.length} senders; load average ${load()}${target.serverPid ? `; server process ${target.serverPid}` : ""}`,
  );
  // Warm-up: the route compiled and JIT-warm, the pools' connections open.
  await runEndpoint(target, factory, 1);
  for (const bare of target.bares) await runBare(bare, factory, 1);

  // Each round runs every contender once, in an order that rotates from round to round.
  const contenders = [
    { name: target.name, run: () => runEndpoint(target, factory, SECONDS) },
    ...target.bares.map((bare) => ({ name: bare.name, run: () => runBare(bare, factory, SECONDS) })),
  ];
  const summaries = contenders.map(() => emptySummary());
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + round) % contenders.length;
      const run = await contenders[index].run();
      addRun(summaries[index], run);
      console.log(
        `  round ${round + 1} ${contenders[index].name.padEnd(44)} ${(run.events / run.seconds).toFixed(0).padStart(7)} events/s  (load ${load()})`,
      );
    }
  }

  const rows = contenders.map((c, i) => summaryRow(c.name, summaries[i], i === 0));
  console.table(rows);
  const rate = rows[0]["events/s (median)"];
  rows.slice(1).forEach((bareRow, i) => {
    const ratio = rate / bareRow["events/s (median)"];
    const goal = i === 0 ? ` (goal ≥ ${GOAL_RATIO * 100} %: ${ratio >= GOAL_RATIO ? "met" : "NOT met"})` : "";
    console.log(`Ratio endpoint / ${bareRow.run}: ${(ratio * 100).toFixed(1)} %${goal}.`);
  });
  console.log(
    `Endpoint: ${rate} events/s (goal ≥ ${GOAL_EVENTS_PER_S}: ${rate >= GOAL_EVENTS_PER_S ? "met" : "NOT met"}).`,
  );
  if (target.bares[0].name.includes("PGlite"))
    console.log("(bare PGlite's CPU column is this bench process: PGlite plus the row generation.)");
  const errors = summaries.flatMap((summary) => summary.errors);
  for (const error of [...new Set(errors)].slice(0, 3)) console.log(`  error: ${error}`);
  if (errors.length) process.exitCode = 1;
}

async function main(): Promise<void> {
  const url = controlPlaneUrl(values.url);
  const relayToken = values["relay-token"] ?? process.env.SWITCHYARD_RELAY_TOKEN ?? "";
  if (!relayToken) {
    console.error("Set SWITCHYARD_RELAY_TOKEN (see the top of bench/ingest.ts).");
    process.exit(2);
  }
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const pgUrl = pgControlPlaneUrl();
  console.log(
    `Event ingest: batches of ${BATCH}, ${SENDERS} concurrent senders, ${ROUNDS} rounds × ${SECONDS} s per run, endpoint and bare alternating.`,
  );
  console.log(`${os.cpus().length} cores, load average at start ${load()}`);
  const targets: Target[] = [];
  try {
    targets.push(await makeTarget(url, relayToken, pgUrl ? undefined : databaseUrl, async () => {}));
    if (pgUrl) {
      if (!databaseUrl) throw new Error("BENCH_PG_URL needs BENCH_DATABASE_URL (its database).");
      const tokens = await pgTargetTokens(databaseUrl, { label: "bench-ingest", api: false });
      targets.push(await makeTarget(pgUrl, tokens.relayToken, databaseUrl, tokens.revoke));
    }
    for (const target of targets) await benchTarget(target);
  } finally {
    for (const target of targets) {
      for (const bare of target.bares) await bare.close().catch((e: Error) => console.error(`cleanup: ${e.message}`));
      await target.cleanup().catch((e: Error) => console.error(`cleanup: ${e.message}`));
    }
  }
  console.log(`\nLoad average at end ${load()}.`);
}

await main();
