import { ensureProductionBuild } from "./production-build";

export async function setup() {
  // Without PostgreSQL the tests skip (fleet-postgres.ts): no build for nothing.
  if (process.env.TEST_DATABASE_URL) await ensureProductionBuild();
}
