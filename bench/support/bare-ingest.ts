import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { type CopyValue, copyTextRows } from "@/db/copy-text";
import type { BenchEvent } from "./ingest-event-factory";
import { backendCpuReader } from "./pg-backend-cpu";
import { STORED_EVENT_COLUMNS, type StoredEventRow, storedRowValues } from "./stored-event-columns";

// The ingest bench's baselines: the rows ingest would store, inserted bare into a scratch table
// with the same columns, primary key and indexes as delivery_events — as one multi-row
// `insert … values (…), (…)` (one parameter per value: the issue's baseline) or as
// `insert … select * from unnest(…)` (one array parameter per column: what ingest did before COPY),
// or as `COPY … FROM STDIN` in text format (PostgreSQL only: the issue's goal compares with it;
// ingest itself COPYs into a staging table and moves the new rows on).

export type BareStyle = "values" | "unnest" | "copy";
const BARE_LABEL: Record<BareStyle, string> = {
  values: "bare INSERT VALUES",
  unnest: "bare INSERT unnest",
  copy: "bare COPY",
};
const BARE_RELAY_ID = "5ca1ab1e-0000-4000-8000-000000000001";
const COLUMN_LIST = STORED_EVENT_COLUMNS.map((c) => c.name).join(",");

export interface Bare {
  name: string;
  insert: (rows: BenchEvent[]) => Promise<void>;
  // CPU time (ms) of what does the database work, so far.
  cpuMs: () => Promise<number | null>;
  close: () => Promise<void>;
}

// The same values as lib/events/ingest-events.ts stores for an event.
function storedRow(e: BenchEvent): StoredEventRow {
  return {
    source: `relay:${BARE_RELAY_ID}`,
    relayId: BARE_RELAY_ID,
    eventId: e.id,
    type: e.type,
    at: e.at,
    messageId: e.messageId,
    queueId: e.queueId,
    senderId: e.senderId,
    credentialId: e.credentialId,
    username: e.username,
    clientIp: e.clientIp,
    fromAddress: e.from,
    recipient: e.recipient,
    recipientDomain: e.recipient.slice(e.recipient.lastIndexOf("@") + 1).toLowerCase(),
    reason: e.reason,
    smtpCode: e.smtpCode,
    enhancedCode: e.enhancedCode,
    bounceType: e.bounceType,
    detail: e.detail,
    tls: e.tls,
    policyVersion: e.policyVersion,
    count: 1,
  };
}

const rowValues = (e: BenchEvent) => storedRowValues(storedRow(e));

// insert … select * from unnest($1::text[], …): the rows column-wise, one parameter per column.
function unnestSql(table: string): string {
  const arrays = STORED_EVENT_COLUMNS.map((c, i) => `$${i + 1}::text[]::${c.sqlType}[]`).join(",");
  return `insert into ${table} (${COLUMN_LIST}) select * from unnest(${arrays})`;
}

function unnestParams(rows: BenchEvent[]): unknown[][] {
  const values = rows.map(rowValues);
  return STORED_EVENT_COLUMNS.map((_, c) => values.map((row) => row[c]));
}

const insertSqlCache = new Map<string, string>();
function insertSql(table: string, rows: number): string {
  const key = `${table}:${rows}`;
  let sql = insertSqlCache.get(key);
  if (!sql) {
    const width = STORED_EVENT_COLUMNS.length;
    const tuples = Array.from(
      { length: rows },
      (_, r) => `(${STORED_EVENT_COLUMNS.map((_, c) => `$${r * width + c + 1}`).join(",")})`,
    );
    sql = `insert into ${table} (${COLUMN_LIST}) values ${tuples.join(",")}`;
    insertSqlCache.set(key, sql);
  }
  return sql;
}

function bareQuery(style: Exclude<BareStyle, "copy">, table: string, rows: BenchEvent[]): [string, unknown[]] {
  return style === "values"
    ? [insertSql(table, rows.length), rows.flatMap(rowValues)]
    : [unnestSql(table), unnestParams(rows)];
}

// The same columns, primary key and indexes as delivery_events (LIKE copies no foreign key).
const scratchTableDdl = (table: string) =>
  `create table ${table} (like delivery_events including defaults including constraints including indexes)`;

export async function barePostgres(databaseUrl: string, style: BareStyle, connections: number): Promise<Bare> {
  const table = `bench_ingest_scratch_${style}_${process.pid}`;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: connections,
    application_name: `bench-bare-${style}`,
  });
  await pool.query(scratchTableDdl(table));
  const monitor = new pg.Client({ connectionString: databaseUrl, application_name: "bench-monitor" });
  await monitor.connect();
  return {
    name: `${BARE_LABEL[style]} (pg, PostgreSQL)`,
    insert: async (rows) => {
      if (style !== "copy") {
        await pool.query(...bareQuery(style, table, rows));
        return;
      }
      const client = await pool.connect();
      try {
        await pipeline(
          Readable.from([copyTextRows(rows.map(rowValues) as CopyValue[][])]),
          client.query(copyFrom(`copy ${table} (${COLUMN_LIST}) from stdin`)),
        );
      } finally {
        client.release();
      }
    },
    cpuMs: backendCpuReader(monitor, `application_name = 'bench-bare-${style}'`),
    close: async () => {
      await pool.query(`drop table if exists ${table}`);
      await pool.end();
      await monitor.end();
    },
  };
}

// An embedded PGlite in a temporary directory, in this process, with the migrations applied:
// delivery_events as the product makes it, to copy the scratch table from.
export async function barePglite(style: Exclude<BareStyle, "copy">): Promise<Bare> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  const { migrationsDir } = await import("@/lib/server/config/paths");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-bench-ingest-"));
  const db = new PGlite(path.join(dir, "pglite"));
  await migrate(drizzle(db), { migrationsFolder: migrationsDir() });
  await db.exec(scratchTableDdl("bench_scratch"));
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
