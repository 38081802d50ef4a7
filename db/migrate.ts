import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import type { PgliteDatabase } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrationsDir } from "@/lib/server/config/paths";
import { dbInfo, getDb } from "./client";

// Applies the committed drizzle-kit migrations in drizzle/ to whichever database is configured.
export async function runMigrations(): Promise<void> {
  const db = getDb();
  const migrationsFolder = migrationsDir();
  if (dbInfo().mode === "pglite") {
    await migratePglite(db as unknown as PgliteDatabase, { migrationsFolder });
  } else {
    await migratePg(db, { migrationsFolder });
  }
}
