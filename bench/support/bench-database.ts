import { randomBytes } from "node:crypto";
import pg from "pg";

// Where the benches that call the product's database code (db/client reads its target from the
// environment) point it: an in-memory PGlite, or a PostgreSQL database made for the run.

// The deployment secret the product's code asks for; a bench's data is synthetic.
export function setBenchSecret(): void {
  process.env.SWITCHYARD_SECRET ??= "bench-secret-0123456789abcdef0123456789";
}

export function targetInMemoryPglite(): void {
  delete process.env.DATABASE_URL;
  process.env.SWITCHYARD_PGLITE_DIR = "memory://";
}

// Runs `run` with DATABASE_URL on a database created for it on the server at adminUrl, dropped
// afterwards — unless `reuse` names an existing one, or `onKept` is given (it is told the name).
export async function withTemporaryDatabase(
  adminUrl: string,
  run: (url: URL) => Promise<void>,
  { reuse, onKept }: { reuse?: string; onKept?: (name: string) => void } = {},
): Promise<void> {
  const name = reuse || `sy_bench_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  if (!reuse) await admin.query(`create database "${name}"`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    process.env.DATABASE_URL = url.toString();
    await run(url);
  } finally {
    if (onKept) onKept(name);
    else if (!reuse) await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}
