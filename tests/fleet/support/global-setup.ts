import { buildIfNeeded } from "../../../scripts/lib/build-stamp";

export async function setup() {
  // Without PostgreSQL the tests skip (fleet-postgres.ts): no build for nothing.
  if (process.env.TEST_DATABASE_URL) await buildIfNeeded({ ...process.env, NODE_ENV: "production" });
}
