import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { getDb } from "./client";

// How many committed migrations (drizzle/meta/_journal.json) the database has not applied yet, by
// drizzle's own rule: a migration is applied when the newest recorded one is not older than it.
const UNDEFINED_TABLE = "42P01";

const journals = new Map<string, number[]>();

// Read once per folder: the committed migrations change only with a new build.
function committedMigrations(migrationsFolder: string): number[] {
  let committed = journals.get(migrationsFolder);
  if (!committed) {
    const file = path.join(migrationsFolder, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(file, "utf8")) as { entries: { when: number }[] };
    committed = journal.entries.map((entry) => entry.when);
    journals.set(migrationsFolder, committed);
  }
  return committed;
}

function isUndefinedTable(error: unknown): boolean {
  for (let e = error as { code?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e)
    if (e.code === UNDEFINED_TABLE) return true;
  return false;
}

export async function pendingMigrationCount(migrationsFolder: string): Promise<number> {
  const committed = committedMigrations(migrationsFolder);
  let newest = 0;
  try {
    const result = await getDb().execute<{ newest: string | null }>(
      sql`select max(created_at) as newest from drizzle.__drizzle_migrations`,
    );
    newest = Number(result.rows[0]?.newest ?? 0);
  } catch (error) {
    if (!isUndefinedTable(error)) throw error;
  }
  return committed.filter((when) => when > newest).length;
}
