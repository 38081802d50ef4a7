// What npm start seeds on an empty database: the demo on the embedded database, nothing on
// PostgreSQL unless SWITCHYARD_DEMO=1 (and then into a data directory that need not exist yet).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_SECRETS_FILE } from "@/lib/demo/demo-registry";
import { countUsers, DEMO_USERS, seedDemo } from "@/lib/demo/seed";
import { startMode } from "@/lib/server/config/start-mode";

const onPostgres = Boolean(process.env.DATABASE_URL);
const parent = fs.mkdtempSync(path.join(os.tmpdir(), "sy-start-seed-"));
const dataDir = path.join(parent, "data-not-created-yet");
const savedDataDir = process.env.SWITCHYARD_DATA_DIR;

beforeAll(() => {
  process.env.SWITCHYARD_DATA_DIR = dataDir;
});
afterAll(() => {
  if (savedDataDir === undefined) delete process.env.SWITCHYARD_DATA_DIR;
  else process.env.SWITCHYARD_DATA_DIR = savedDataDir;
  fs.rmSync(parent, { recursive: true, force: true });
});

describe("the start's demo seed on an empty database", () => {
  it.runIf(onPostgres)("seeds nothing on PostgreSQL: no users, no demo secrets on disk", async () => {
    expect(await seedDemo(startMode(process.env))).toEqual({ seeded: false, reason: "not-demo" });
    expect(await countUsers()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, DEMO_SECRETS_FILE))).toBe(false);
  });

  it.runIf(onPostgres)("seeds the demo on PostgreSQL with SWITCHYARD_DEMO=1, creating the data directory", async () => {
    expect(await seedDemo(startMode({ ...process.env, SWITCHYARD_DEMO: "1" }))).toEqual({ seeded: true });
    expect(await countUsers()).toBe(DEMO_USERS.length);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, DEMO_SECRETS_FILE), "utf8")).length).toBeGreaterThan(0);
  });

  it.runIf(!onPostgres)("seeds the demo on the embedded database, once", async () => {
    expect(await seedDemo(startMode(process.env))).toEqual({ seeded: true });
    expect(await countUsers()).toBe(DEMO_USERS.length);
    expect(fs.existsSync(path.join(dataDir, DEMO_SECRETS_FILE))).toBe(true);
    expect(await seedDemo(startMode(process.env))).toEqual({ seeded: false, reason: "has-users" });
  });
});
