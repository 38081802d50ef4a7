// The fleet tests need a real PostgreSQL (TEST_DATABASE_URL): several processes share it. Without
// it they are skipped with a loud notice, unless REQUIRE_E2E=1 (CI), where that is a failure.
export const fleetAdminUrl = process.env.TEST_DATABASE_URL;

export function announceSkipIfNoPostgres(): void {
  if (fleetAdminUrl) return;
  if (process.env.REQUIRE_E2E === "1")
    throw new Error("REQUIRE_E2E=1 but TEST_DATABASE_URL is not set for the fleet tests");
  console.warn(
    `\n${"!".repeat(78)}\n!! FLEET TESTS SKIPPED: set TEST_DATABASE_URL (PostgreSQL) to run dashboard replicas.\n${"!".repeat(78)}\n`,
  );
}
