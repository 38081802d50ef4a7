import "server-only";
import { dbInfo } from "@/db/client";
import { pendingMigrationCount } from "@/db/migration-status";
import { migrationsDir } from "@/lib/server/config/paths";
import { leadershipFacts } from "@/lib/server/jobs/job-leadership";

export interface Readiness {
  status: "ready" | "not-ready";
  database: "pglite" | "postgres" | "unreachable";
  migrations: "applied" | "pending" | "unknown";
  replica: string;
  jobs: "on" | "off";
  leader: boolean;
}

// Ready = the database answers and its schema is this build's (a replica started before the
// migration ran must not get traffic). The error itself is logged, never answered.
export async function readiness(): Promise<Readiness> {
  const { replicaId, jobs, leader } = leadershipFacts();
  const facts = { replica: replicaId, jobs, leader };
  try {
    const pending = await pendingMigrationCount(migrationsDir());
    return {
      status: pending === 0 ? "ready" : "not-ready",
      database: dbInfo().mode,
      migrations: pending === 0 ? "applied" : "pending",
      ...facts,
    };
  } catch (error) {
    console.error("[health] readiness check failed:", (error as Error).message);
    return { status: "not-ready", database: "unreachable", migrations: "unknown", ...facts };
  }
}
