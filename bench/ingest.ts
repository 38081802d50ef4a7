// npm run bench:ingest [-- --batch 1000 --senders 4 --seconds 8 --rounds 2]
// Events ingested per second through the real endpoint POST /api/relay/v1/events (batches of valid
// events with unique ids, several relays sending at once, keep-alive), vs a bare multi-row INSERT of
// the same rows (same columns, primary key and indexes as delivery_events; same batch size and
// concurrency) into a scratch table — the issue's baseline, `insert … values (…), (…)` with one
// parameter per value — and vs a stronger bare baseline, `insert … select * from unnest(…)` with
// one array parameter per column (what the endpoint itself does for the raw events), — with `pg` on PostgreSQL, or into an embedded PGlite (temporary
// directory, in this process) for a control plane on PGlite. Endpoint and bare runs alternate round
// by round so both see the same machine load.
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
// Goal (PostgreSQL): ≥ 50,000 events/s and ≥ 40 % of the bare rate. Only loopback; bounded loops.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { assertLoopback, loadAverage as load, median, percentile } from "./support/bench-common";
import { mintBenchTokens } from "./support/bench-tokens";
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
const BATCH = Number(values.batch ?? process.env.BENCH_BATCH ?? 1000);
const SENDERS = Number(values.senders ?? process.env.BENCH_SENDERS ?? 4);
const SECONDS = Number(values.seconds ?? process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(values.rounds ?? process.env.BENCH_ROUNDS ?? 2);
const GOAL_EVENTS_PER_S = 50_000;
const GOAL_RATIO = 0.4;
const EVENTS_PATH = "/api/relay/v1/events";


interface Answer {
  status: number;
  body: string;
}

// fetch (undici): keep-alive connections pooled per origin, Content-Length set, as relays send.
async function request(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const response = await fetch(url, { method: init.method ?? "GET", headers: init.headers, body: init.body });
  return { status: response.status, body: await response.text() };
}

// ---- events: the relay contract's shape, a realistic mix ----------------------------------------

interface SenderInfo {
  id: string;
  fromDomains: string[];
  credentials: { id: string; username: string }[];
}

interface BenchEvent {
  id: string;
  type: "accepted" | "rejected" | "delivered" | "deferred" | "bounced";
  at: string;
  messageId: string;
  queueId: string;
  senderId: string;
  credentialId: string | null;
  username: string | null;
  clientIp: string;
  from: string;
  recipient: string;
  reason: string | null;
  smtpCode: number;
  enhancedCode: string;
  bounceType: string | null;
  detail: string | null;
  policyVersion: number;
}

const RECIPIENT_DOMAINS = ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "gmx.de", "web.de", "example.org", "proton.me"];
const REJECT_REASONS = ["rate", "policy", "domain"];

// 46 % accepted, 46 % delivered, 4 % deferred, 3 % rejected, 1 % bounced (below the reputation
// warning thresholds, so the run does not suspend a sender).
function typeFor(roll: number): BenchEvent["type"] {
  if (roll < 46) return "accepted";
  if (roll < 92) return "delivered";
  if (roll < 96) return "deferred";
  if (roll < 99) return "rejected";
  return "bounced";
}

class EventFactory {
  private seq = 0;
  private readonly runId = randomBytes(4).toString("hex");

  constructor(
    private readonly senders: SenderInfo[],
    private readonly policyVersion: number,
  ) {}

  batch(size: number): BenchEvent[] {
    const now = Date.now();
    return Array.from({ length: size }, () => this.one(now));
  }

  private one(now: number): BenchEvent {
    const n = this.seq++;
    const id = `bench-${this.runId}-${n.toString(36).padStart(8, "0")}`;
    const sender = this.senders[n % this.senders.length];
    const credential = sender.credentials.length ? sender.credentials[n % sender.credentials.length] : null;
    const domain = sender.fromDomains[0] ?? "example.com";
    const type = typeFor(Math.floor(Math.random() * 100));
    const detail = { accepted: null, delivered: "250 2.0.0 OK queued", deferred: "451 4.7.1 Try again later", rejected: "550 5.7.1 Not allowed", bounced: "550 5.1.1 User unknown" }[type];
    return {
      id,
      type,
      // Spread over the last 90 s: a few minute buckets per sender, like several relays reporting.
      at: new Date(now - Math.floor(Math.random() * 90_000)).toISOString(),
      messageId: `<${id}@${domain}>`,
      queueId: n.toString(16).toUpperCase().padStart(10, "0"),
      senderId: sender.id,
      credentialId: credential?.id ?? null,
      username: credential?.username ?? null,
      clientIp: `10.20.${(n >> 8) & 255}.${n & 255}`,
      from: `noreply@${domain}`,
      recipient: `user${n % 5000}@${RECIPIENT_DOMAINS[n % RECIPIENT_DOMAINS.length]}`,
      reason: type === "rejected" ? REJECT_REASONS[n % REJECT_REASONS.length] : null,
      smtpCode: { accepted: 250, delivered: 250, deferred: 451, rejected: 550, bounced: 550 }[type],
      enhancedCode: { accepted: "2.0.0", delivered: "2.0.0", deferred: "4.7.1", rejected: "5.7.1", bounced: "5.1.1" }[type],
      bounceType: type === "bounced" ? "hard" : null,
      detail,
      policyVersion: this.policyVersion,
    };
  }
}

// ---- the bare side: a multi-row INSERT of the rows ingest would store -----------------------------

const COLUMNS = ["source", "relay_id", "event_id", "type", "at", "message_id", "queue_id", "sender_id", "credential_id", "username", "client_ip", "from_address", "recipient", "recipient_domain", "reason", "smtp_code", "enhanced_code", "bounce_type", "detail", "policy_version"];
const BARE_RELAY_ID = "5ca1ab1e-0000-4000-8000-000000000001";

// The same values as lib/events/ingest-events.ts toRow().
function rowValues(e: BenchEvent): unknown[] {
  const recipientDomain = e.recipient.slice(e.recipient.lastIndexOf("@") + 1).toLowerCase();
  return [`relay:${BARE_RELAY_ID}`, BARE_RELAY_ID, e.id, e.type, e.at, e.messageId, e.queueId, e.senderId, e.credentialId, e.username, e.clientIp, e.from, e.recipient, recipientDomain, e.reason, e.smtpCode, e.enhancedCode, e.bounceType, e.detail, e.policyVersion];
}

type BareStyle = "values" | "unnest";
const BARE_LABEL: Record<BareStyle, string> = { values: "bare INSERT VALUES", unnest: "bare INSERT unnest" };
const COLUMN_TYPES = ["text", "uuid", "text", "delivery_event_type", "timestamptz", "text", "text", "uuid", "uuid", "text", "text", "text", "text", "text", "text", "integer", "text", "text", "text", "bigint"];

// insert … select * from unnest($1::text[], …): the rows column-wise, one parameter per column.
function unnestSql(table: string): string {
  const arrays = COLUMN_TYPES.map((type, c) => `$${c + 1}::text[]::${type}[]`).join(",");
  return `insert into ${table} (${COLUMNS.join(",")}) select * from unnest(${arrays})`;
}

function unnestParams(rows: BenchEvent[]): unknown[][] {
  const values = rows.map(rowValues);
  return COLUMNS.map((_, c) => values.map((row) => row[c]));
}

function bareQuery(style: BareStyle, table: string, rows: BenchEvent[]): [string, unknown[]] {
  return style === "values" ? [insertSql(table, rows.length), rows.flatMap(rowValues)] : [unnestSql(table), unnestParams(rows)];
}

const insertSqlCache = new Map<string, string>();
function insertSql(table: string, rows: number): string {
  const key = `${table}:${rows}`;
  let sql = insertSqlCache.get(key);
  if (!sql) {
    const tuples = Array.from({ length: rows }, (_, r) => `(${COLUMNS.map((_, c) => `$${r * COLUMNS.length + c + 1}`).join(",")})`);
    sql = `insert into ${table} (${COLUMNS.join(",")}) values ${tuples.join(",")}`;
    insertSqlCache.set(key, sql);
  }
  return sql;
}

// delivery_events as the migrations make it (PGlite has no live table to copy): same columns,
// primary key and indexes.
const PGLITE_SCRATCH_DDL = `
create type delivery_event_type as enum ('accepted', 'rejected', 'delivered', 'deferred', 'bounced', 'complained');
create table bench_scratch (
  relay_id uuid, event_id text not null, type delivery_event_type not null, at timestamptz not null,
  received_at timestamptz not null default now(), message_id text, queue_id text, sender_id uuid, credential_id uuid,
  username text, client_ip text, from_address text, recipient text, recipient_domain text, reason text, smtp_code integer,
  enhanced_code text, bounce_type text, detail text, policy_version bigint, source text not null,
  primary key (source, event_id));
create index on bench_scratch (message_id);
create index on bench_scratch (at);
create index on bench_scratch (sender_id, at);
`;

interface Bare {
  name: string;
  insert: (rows: BenchEvent[]) => Promise<void>;
  // CPU time (ms) of what does the database work, so far.
  cpuMs: () => Promise<number | null>;
  close: () => Promise<void>;
}

async function barePostgres(databaseUrl: string, style: BareStyle): Promise<Bare> {
  const table = `bench_ingest_scratch_${style}_${process.pid}`;
  const pool = new pg.Pool({ connectionString: databaseUrl, max: SENDERS, application_name: `bench-bare-${style}` });
  // The same columns, primary key and indexes as delivery_events (LIKE copies no foreign key).
  await pool.query(`create table ${table} (like delivery_events including defaults including constraints including indexes)`);
  const monitor = new pg.Client({ connectionString: databaseUrl, application_name: "bench-monitor" });
  await monitor.connect();
  return {
    name: `${BARE_LABEL[style]} (pg, PostgreSQL)`,
    insert: async (rows) => {
      await pool.query(...bareQuery(style, table, rows));
    },
    cpuMs: backendCpuReader(monitor, `application_name = 'bench-bare-${style}'`),
    close: async () => {
      await pool.query(`drop table if exists ${table}`);
      await pool.end();
      await monitor.end();
    },
  };
}

async function barePglite(style: BareStyle): Promise<Bare> {
  const { PGlite } = await import("@electric-sql/pglite");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-ingest-"));
  const db = new PGlite(path.join(dir, "pglite"));
  await db.exec(PGLITE_SCRATCH_DDL);
  return {
    name: `${BARE_LABEL[style]} (embedded PGlite)`,
    insert: async (rows) => {
      await db.query(...bareQuery(style, "bench_scratch", rows));
    },
    // PGlite runs in this process: its CPU is this process's (with the client loop's).
    cpuMs: async () => {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1000;
    },
    close: async () => {
      await db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Summed CPU time of the PostgreSQL backends serving a database (local server: /proc), as a reader
// that remembers every backend it saw: one that ended keeps its last reading (its CPU after that is
// lost, an underestimate; the pools keep their connections while busy).
function backendCpuReader(monitor: pg.Client, where: string): () => Promise<number | null> {
  const seen = new Map<number, number>();
  return async () => {
    const { rows } = await monitor.query<{ pid: number }>(`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and ${where}`);
    for (const { pid } of rows) {
      const ms = cpuMsOf(pid);
      if (ms !== null) seen.set(pid, ms);
    }
    if (seen.size === 0) return null;
    let total = 0;
    for (const ms of seen.values()) total += ms;
    return total;
  };
}

// ---- targets --------------------------------------------------------------------------------------

interface Target {
  name: string;
  url: string;
  relayToken: string;
  serverPid: number | null;
  // CPU of the database backends serving the control plane (PostgreSQL), or null (PGlite: in-process).
  dbCpuMs: () => Promise<number | null>;
  // The issue's baseline (multi-row VALUES) first, then the stronger one (unnest).
  bares: Bare[];
  cleanup: () => Promise<void>;
}

async function makeTarget(url: string, relayToken: string, databaseUrl: string | undefined, cleanup: () => Promise<void>): Promise<Target> {
  assertLoopback(url);
  const health = await request(`${url}/api/health`).catch((error: Error) => {
    throw new Error(`The control plane at ${url} does not answer: ${error.message}`);
  });
  const database = (JSON.parse(health.body) as { database?: string }).database ?? "?";
  let bares: Bare[];
  let dbCpuMs: Target["dbCpuMs"] = async () => null;
  if (database === "pglite") bares = [await barePglite("values"), await barePglite("unnest")];
  else {
    if (!databaseUrl) throw new Error(`${url} runs on PostgreSQL: set BENCH_DATABASE_URL to its database for the bare INSERT.`);
    bares = [await barePostgres(databaseUrl, "values"), await barePostgres(databaseUrl, "unnest")];
    const monitor = new pg.Client({ connectionString: databaseUrl, application_name: "bench-monitor" });
    await monitor.connect();
    dbCpuMs = backendCpuReader(monitor, "coalesce(application_name, '') not like 'bench-%'");
    const previous = cleanup;
    cleanup = async () => {
      await monitor.end();
      await previous();
    };
  }
  return { name: `Next ${EVENTS_PATH} (${database})`, url, relayToken, serverPid: pidListeningOn(Number(new URL(url).port || 80)), dbCpuMs, bares, cleanup };
}

// ---- driving ----------------------------------------------------------------------------------------

interface Run {
  events: number;
  seconds: number;
  latencies: number[];
  errors: string[];
  appCpuMs: number | null;
  dbCpuMs: number | null;
}

async function loop(seconds: number, sendBatch: () => Promise<number>): Promise<Pick<Run, "events" | "seconds" | "latencies" | "errors">> {
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
    const answer = await request(`${target.url}${EVENTS_PATH}`, { method: "POST", headers, body: JSON.stringify({ events }) });
    if (answer.status !== 200) throw new Error(`POST ${EVENTS_PATH} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    const result = JSON.parse(answer.body) as { accepted: number; duplicates: number; invalid: unknown[] };
    if (result.accepted !== events.length) throw new Error(`accepted ${result.accepted} of ${events.length} (duplicates ${result.duplicates}, invalid ${result.invalid.length}): ${answer.body.slice(0, 300)}`);
    return result.accepted;
  });
  const appAfter = cpuMsOf(target.serverPid);
  const dbAfter = await target.dbCpuMs();
  return { ...run, appCpuMs: appBefore !== null && appAfter !== null ? appAfter - appBefore : null, dbCpuMs: dbBefore !== null && dbAfter !== null ? dbAfter - dbBefore : null };
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

interface Summary {
  rates: number[];
  latencies: number[];
  events: number;
  appCpuMs: number;
  dbCpuMs: number;
  errors: string[];
}

const emptySummary = (): Summary => ({ rates: [], latencies: [], events: 0, appCpuMs: 0, dbCpuMs: 0, errors: [] });

function add(summary: Summary, run: Run): void {
  summary.rates.push(run.events / run.seconds);
  summary.latencies.push(...run.latencies);
  summary.events += run.events;
  summary.appCpuMs += run.appCpuMs ?? Number.NaN;
  summary.dbCpuMs += run.dbCpuMs ?? Number.NaN;
  summary.errors.push(...run.errors);
}

async function benchTarget(target: Target): Promise<void> {
  const policy = await request(`${target.url}/api/relay/v1/policy`, { headers: { Authorization: `Bearer ${target.relayToken}` } });
  if (policy.status !== 200) throw new Error(`GET /api/relay/v1/policy answered ${policy.status}: ${policy.body.slice(0, 200)}`);
  const snapshot = JSON.parse(policy.body) as { version: number; senders: SenderInfo[] };
  const senders = snapshot.senders.length ? snapshot.senders : [{ id: randomUUID(), fromDomains: ["example.com"], credentials: [] }];
  const factory = new EventFactory(senders, snapshot.version);

  console.log(`\n${target.name} at ${target.url}: ${senders.length} senders; load average ${load()}${target.serverPid ? `; server process ${target.serverPid}` : ""}`);
  // Warm-up: the route compiled and JIT-warm, the pools' connections open.
  await runEndpoint(target, factory, 1);
  for (const bare of target.bares) await runBare(bare, factory, 1);

  // Each round runs every contender once, in an order that rotates from round to round.
  const contenders = [{ name: target.name, run: () => runEndpoint(target, factory, SECONDS) }, ...target.bares.map((bare) => ({ name: bare.name, run: () => runBare(bare, factory, SECONDS) }))];
  const summaries = contenders.map(() => emptySummary());
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const index = (k + round) % contenders.length;
      const run = await contenders[index].run();
      add(summaries[index], run);
      console.log(`  round ${round + 1} ${contenders[index].name.padEnd(44)} ${(run.events / run.seconds).toFixed(0).padStart(7)} events/s  (load ${load()})`);
    }
  }

  const perEvent = (ms: number, events: number) => (Number.isFinite(ms) && events > 0 ? Number(((ms * 1000) / events).toFixed(1)) : "n/a");
  const row = (name: string, s: Summary, appLabel: boolean) => {
    const sorted = s.latencies.sort((a, b) => a - b);
    return {
      run: name,
      "events/s (median)": Math.round(median(s.rates)),
      "rounds events/s": s.rates.map((r) => Math.round(r)).join(" / "),
      "batch p50 ms": Number(percentile(sorted, 50).toFixed(1)),
      "batch p99 ms": Number(percentile(sorted, 99).toFixed(1)),
      "app CPU µs/event": appLabel ? perEvent(s.appCpuMs, s.events) : "-",
      "DB CPU µs/event": perEvent(s.dbCpuMs, s.events),
      errors: s.errors.length,
    };
  };
  const rows = contenders.map((c, i) => row(c.name, summaries[i], i === 0));
  console.table(rows);
  const rate = rows[0]["events/s (median)"];
  for (const bareRow of rows.slice(1)) {
    const ratio = rate / bareRow["events/s (median)"];
    console.log(`Ratio endpoint / ${bareRow.run}: ${(ratio * 100).toFixed(1)} % (goal ≥ ${GOAL_RATIO * 100} %: ${ratio >= GOAL_RATIO ? "met" : "NOT met"}).`);
  }
  console.log(`Endpoint: ${rate} events/s (goal ≥ ${GOAL_EVENTS_PER_S}: ${rate >= GOAL_EVENTS_PER_S ? "met" : "NOT met"}).`);
  if (target.bares[0].name.includes("PGlite")) console.log("(bare PGlite's CPU column is this bench process: PGlite plus the row generation.)");
  const errors = summaries.flatMap((summary) => summary.errors);
  for (const error of [...new Set(errors)].slice(0, 3)) console.log(`  error: ${error}`);
  if (errors.length) process.exitCode = 1;
}

async function main(): Promise<void> {
  const url = (values.url ?? process.env.SWITCHYARD_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
  const relayToken = values["relay-token"] ?? process.env.SWITCHYARD_RELAY_TOKEN ?? "";
  if (!relayToken) {
    console.error("Set SWITCHYARD_RELAY_TOKEN (see the top of bench/ingest.ts).");
    process.exit(2);
  }
  const databaseUrl = process.env.BENCH_DATABASE_URL;
  const pgUrl = process.env.BENCH_PG_URL?.replace(/\/$/, "");
  console.log(`Event ingest: batches of ${BATCH}, ${SENDERS} concurrent senders, ${ROUNDS} rounds × ${SECONDS} s per run, endpoint and bare alternating.`);
  console.log(`${os.cpus().length} cores, load average at start ${load()}`);
  const targets: Target[] = [];
  try {
    targets.push(await makeTarget(url, relayToken, pgUrl ? undefined : databaseUrl, async () => {}));
    if (pgUrl) {
      if (!databaseUrl) throw new Error("BENCH_PG_URL needs BENCH_DATABASE_URL (its database).");
      let pgToken = process.env.BENCH_PG_RELAY_TOKEN;
      let revoke = async () => {};
      if (!pgToken) {
        const minted = await mintBenchTokens(databaseUrl, { label: "bench-ingest", api: false });
        pgToken = minted.relayToken;
        revoke = minted.revoke;
      }
      targets.push(await makeTarget(pgUrl, pgToken, databaseUrl, revoke));
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
