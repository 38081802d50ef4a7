// npm run bench:propagation-replicas [-- --pollers 200 --rounds 20]
// Kill-switch propagation across dashboard replicas: two replicas (separate processes, production
// build) on one fresh PostgreSQL database, the simulated relays split over both, every change sent
// to the first — so half the pollers learn of it through PostgreSQL's NOTIFY on the other replica.
// Side by side with the bare node:http long-poll baseline, with the same number of pollers. The
// measuring is bench/kill-switch-propagation.ts (run with --second-url); this script only sets up.
//
//   BENCH_ADMIN_DATABASE_URL  a PostgreSQL server where a throwaway database may be created and
//                             dropped (default postgres://postgres@127.0.0.1:5432/postgres)
//   --pollers (200), --rounds (20), --goal-ms (100)
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIfNeeded } from "../scripts/lib/build-stamp";
import { runToEnd } from "../scripts/lib/processes";
import { type DashboardReplica, startDashboardReplica } from "../tests/fleet/support/dashboard-replica";
import { createFleetDatabase, FLEET_SECRET } from "../tests/fleet/support/fleet-database";
import { assertLoopback } from "./support/bench-common";

const { values } = parseArgs({
  options: { pollers: { type: "string" }, rounds: { type: "string" }, "goal-ms": { type: "string" } },
});
const adminUrl = process.env.BENCH_ADMIN_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
assertLoopback(`http://${new URL(adminUrl).host}`);

await buildIfNeeded({ ...process.env, NODE_ENV: "production" });
const db = await createFleetDatabase(adminUrl, { demo: true });
const replicas: DashboardReplica[] = [];
let code = 1;
try {
  const env = { SWITCHYARD_SECRET: FLEET_SECRET, SWITCHYARD_JOBS: "on" };
  replicas.push(
    ...(await Promise.all(["a", "b"].map((name) => startDashboardReplica({ name, databaseUrl: db.url, env })))),
  );
  console.log(`Replicas: ${replicas.map((r) => r.url).join(", ")} on a fresh database.`);
  code = await runToEnd(
    process.execPath,
    [
      "--import",
      "tsx",
      path.resolve("bench/kill-switch-propagation.ts"),
      "--url",
      replicas[0].url,
      "--second-url",
      replicas[1].url,
      "--relay-token",
      db.relayToken,
      "--api-token",
      db.apiToken,
      "--pollers",
      values.pollers ?? "200",
      "--rounds",
      values.rounds ?? "20",
      "--goal-ms",
      values["goal-ms"] ?? "100",
    ],
    { ...process.env, BENCH_DATABASE_URL: "", BENCH_PG_URL: "" },
  );
} finally {
  await Promise.all(replicas.map((r) => r.stop()));
  await db.drop();
}
process.exit(code);
