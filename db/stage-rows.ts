import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type { PoolClient } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { dbInfo, type Tx } from "./client";
import { type CopyValue, copyTextRows } from "./copy-text";
import { unnest } from "./unnest";

export interface StagedColumn {
  name: string;
  // SQL type name (trusted, never user input): the unnest cast on PGlite.
  sqlType: string;
}

// The connection a node-postgres transaction runs on. drizzle keeps it on the transaction's
// session and does not expose it; COPY needs the raw client.
function pgClientOf(tx: Tx): PoolClient {
  const client = (tx as unknown as { session?: { client?: PoolClient } }).session?.client;
  if (!client || typeof client.query !== "function") throw new Error("no PostgreSQL client in this transaction");
  return client;
}

// unnest sends text[] (db/unnest.ts): booleans as "true" / "false", like the COPY text.
const textParam = (value: CopyValue) => (typeof value === "boolean" ? String(value) : (value ?? null));

// Loads rows into a (temporary, staging) table inside the caller's transaction, the fastest way
// each driver has: `COPY … FROM STDIN` in text format on PostgreSQL (pg-copy-streams), a
// column-wise `insert … select * from unnest(…)` on PGlite, which has no COPY FROM STDIN. What
// reads the staging table afterwards is the same SQL for both. Table and column names are trusted.
export async function stageRows(
  tx: Tx,
  table: string,
  columns: readonly StagedColumn[],
  rows: readonly (readonly CopyValue[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  if (dbInfo().mode === "postgres") {
    // Resolves once PostgreSQL has confirmed the COPY (pg-copy-streams finishes on CommandComplete).
    const copy = pgClientOf(tx).query(copyFrom(`copy ${table} (${names}) from stdin`));
    await pipeline(Readable.from([copyTextRows(rows)]), copy);
    return;
  }
  await tx.execute(sql`
    insert into ${sql.raw(table)} (${sql.raw(names)})
    select * from ${unnest(columns.map((c, i) => [rows.map((row) => textParam(row[i])), c.sqlType] as const))}`);
}
