// Runs once when the Next.js server starts (Node runtime only): the control plane's periodic jobs,
// and the routes the server answers ahead of Next's router (see scripts/serve-dashboard.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { servePolicyPoll } = await import("@/lib/server/http/serve-policy-poll");
  (
    globalThis as typeof globalThis & {
      __switchyardDirectRoutes?: import("@/lib/server/http/serve-policy-poll").DirectRoutes;
    }
  ).__switchyardDirectRoutes = { policyPoll: servePolicyPoll };
  if (process.env.SWITCHYARD_JOBS === "off") return;
  const { startBackgroundJobs } = await import("@/lib/server/jobs/background-jobs");
  startBackgroundJobs();
}
