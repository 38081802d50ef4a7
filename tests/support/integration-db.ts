// Gives every integration test file a fresh database: an in-memory PGlite by default, or a new
// PostgreSQL database created from TEST_DATABASE_URL (dropped afterwards). Migrations applied.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

process.env.SWITCHYARD_SECRET ??= "integration-test-secret-0123456789abcdef";
const adminUrl = process.env.TEST_DATABASE_URL;
let databaseName: string | undefined;

if (adminUrl) {
  databaseName = `sy_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${databaseName}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${databaseName}`;
  process.env.DATABASE_URL = url.toString();
} else {
  delete process.env.DATABASE_URL;
  process.env.SWITCHYARD_PGLITE_DIR = "memory://";
}

beforeAll(async () => {
  const { runMigrations } = await import("@/db/migrate");
  await runMigrations();
});

afterAll(async () => {
  const { closeDb } = await import("@/db/client");
  await closeDb();
  if (adminUrl && databaseName) {
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists "${databaseName}" with (force)`);
    await admin.end();
  }
});
