import type { Env } from "./paths";
import { deploymentSecretProblem } from "./secret";

// How `npm start` runs: the database it opens and whether it is the demo. The demo (published
// logins, an admin API token, active senders with credentials, a registered reference relay) is
// for the embedded database; on PostgreSQL only when asked for with SWITCHYARD_DEMO=1.
export interface StartMode {
  database: "pglite" | "postgres";
  demo: boolean;
}

const DEMO_VALUES = ["0", "1"];

export function startMode(env: Env = process.env): StartMode {
  const database = env.DATABASE_URL ? "postgres" : "pglite";
  const demo = env.SWITCHYARD_DEMO ? env.SWITCHYARD_DEMO === "1" : database === "pglite";
  return { database, demo };
}

// Why this environment cannot start, one sentence each, checked before the build; [] when it can.
export function startProblems(env: Env = process.env): string[] {
  const problems: string[] = [];
  if (env.SWITCHYARD_DEMO && !DEMO_VALUES.includes(env.SWITCHYARD_DEMO)) {
    problems.push(`SWITCHYARD_DEMO must be 1 (demo data) or 0 (none), not "${env.SWITCHYARD_DEMO}"`);
  }
  const secret = deploymentSecretProblem(env);
  if (secret) problems.push(secret);
  return problems;
}
