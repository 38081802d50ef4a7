// A fresh PostgreSQL database for one fleet test file (from TEST_DATABASE_URL), migrated and given
// a minimal seed through the domain functions: an admin with a password and an API token, a
// second API token for the rate-limit test, a user to lock out, and a registered relay (with
// `demo`, the demo seed first: senders, domains, credentials, for the benches). This process
// opens it too (DATABASE_URL) to read what the replicas wrote.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const FLEET_SECRET = "fleet-test-secret-0123456789abcdefghijklmnop";
export const ADMIN = { email: "admin@fleet.test", name: "Fleet Admin", password: "fleet-admin-password-1" };
export const LOCKED = { email: "locked@fleet.test", name: "Fleet Lockout", password: "fleet-locked-password-1" };

export interface FleetDatabase {
  url: string;
  apiToken: string;
  limitedApiToken: string;
  relayToken: string;
  drop: () => Promise<void>;
}

export async function createFleetDatabase(adminUrl: string, { demo = false } = {}): Promise<FleetDatabase> {
  const name = `sy_fleet_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  process.env.SWITCHYARD_SECRET = FLEET_SECRET;

  const { runMigrations } = await import("@/db/migrate");
  const { closeDb } = await import("@/db/client");
  const { SYSTEM_ACTOR } = await import("@/lib/audit/actor");
  const { createUser } = await import("@/lib/users/create-user");
  const { setSetting } = await import("@/lib/settings/settings");
  const { createApiToken } = await import("@/lib/api-tokens/create-api-token");
  const { registerRelay } = await import("@/lib/relays/register-relay");
  await runMigrations();
  if (demo) await (await import("@/lib/demo/seed")).seedDemo({ demo: true });
  const actor = { ...SYSTEM_ACTOR, label: "fleet test seed" };
  const created = await createUser({ actor, input: { ...ADMIN, role: "admin" } });
  await createUser({ actor, input: { ...LOCKED, role: "auditor" } });
  // Password sign-in without enrolling a second factor (the test signs in over HTTP).
  await setSetting({ actor, key: "mfa.requiredRoles", value: [] });
  const token = (tokenName: string) =>
    createApiToken({ actor, input: { userId: created.user.id, name: tokenName, expiresInDays: 1 } });
  const apiToken = (await token("fleet")).token;
  const limitedApiToken = (await token("fleet rate limit")).token;
  const { token: relayToken } = await registerRelay({ actor, input: { name: "fleet-relay" } });
  return {
    url: url.toString(),
    apiToken,
    limitedApiToken,
    relayToken,
    drop: async () => {
      await closeDb();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists "${name}" with (force)`);
      await dropper.end();
    },
  };
}
