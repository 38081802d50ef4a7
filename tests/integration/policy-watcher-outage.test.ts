// The control plane's policy-version watcher starts at the first relay poll. If the database is
// unreachable then, the failed start must not be kept: once the database answers, the next poll
// works (before the fix every later poll failed with the first error until a restart).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, getDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import type { Actor } from "@/lib/audit/actor";
import { waitForPolicyVersionAbove } from "@/lib/policy/policy-changes";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { registerRelay } from "@/lib/relays/register-relay";
import { servePolicyPoll } from "@/lib/server/http/serve-policy-poll";
import { makeActor } from "../support/actors";
import { pgProxy } from "../support/pg-proxy";

// Makes the database unreachable and reachable again. PostgreSQL: a TCP proxy in front of it that
// cuts every connection while down (tests/support/pg-proxy.ts). PGlite: a data directory that cannot be opened while down.
interface Outage {
  begin(): Promise<void>;
  end(): Promise<void>;
  close(): Promise<void>;
}

async function postgresOutage(realUrl: string): Promise<Outage> {
  const proxy = await pgProxy(realUrl);
  return {
    async begin() {
      await closeDb();
      proxy.cut();
      process.env.DATABASE_URL = proxy.url;
    },
    async end() {
      proxy.restore();
    },
    async close() {
      await closeDb();
      process.env.DATABASE_URL = realUrl;
      await proxy.close();
    },
  };
}

function pgliteOutage(): Outage {
  const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sy-watcher-")), "not-a-directory");
  fs.writeFileSync(blocker, "");
  return {
    async begin() {
      await closeDb();
      process.env.SWITCHYARD_PGLITE_DIR = blocker;
    },
    async end() {
      // A new in-memory database, migrated: reachable again.
      process.env.SWITCHYARD_PGLITE_DIR = "memory://";
      await runMigrations();
    },
    async close() {
      fs.rmSync(path.dirname(blocker), { recursive: true, force: true });
    },
  };
}

let admin: Actor;
let token: string;
let server: http.Server;
let pollUrl: string;
let outage: Outage;

beforeAll(async () => {
  outage = process.env.DATABASE_URL ? await postgresOutage(process.env.DATABASE_URL) : pgliteOutage();
  server = http.createServer((req, res) => void servePolicyPoll(req, res));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  pollUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/relay/v1/policy`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await outage.close();
});

const poll = () => fetch(pollUrl, { headers: { authorization: `Bearer ${token}` } });

describe("the policy watcher when the database is unreachable at the first poll", () => {
  it("fails that poll, and serves the next one once the database is back, without a restart", async () => {
    await outage.begin();
    // The watcher's first start fails (also called directly: the route may fail earlier, at auth).
    await expect(waitForPolicyVersionAbove(0, 10)).rejects.toThrow();
    await outage.end();

    admin = await makeActor("admin");
    token = (await registerRelay({ actor: admin, input: { name: "relay-after-outage" } })).token;
    const first = await poll();
    expect(first.status).toBe(200);
    const version = Number(first.headers.get("etag")?.replaceAll('"', ""));
    expect(version).toBeGreaterThan(0);

    // And the watcher is live: a change wakes a long-poll at once.
    const woken = waitForPolicyVersionAbove(version, 10_000);
    const started = Date.now();
    const bumped = await getDb().transaction((tx) => bumpPolicyVersion(tx, admin, "after the outage"));
    expect(await woken).toBe(bumped);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
