// Runs once when the Next.js server starts (Node runtime only): the control plane's periodic jobs,
// the routes the server answers ahead of Next's router (see scripts/serve-dashboard.ts) and the
// admin channel of the host commands.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { servePolicyPoll } = await import("@/lib/server/http/serve-policy-poll");
  (
    globalThis as typeof globalThis & {
      __switchyardDirectRoutes?: import("@/lib/server/http/serve-policy-poll").DirectRoutes;
    }
  ).__switchyardDirectRoutes = { policyPoll: servePolicyPoll };
  // The host commands (npm run token:create, …) reach the embedded database through this process.
  const { startAdminChannel } = await import("@/lib/server/admin-channel/serve-admin-channel");
  await startAdminChannel().catch((error: Error) => console.error(`[admin] no admin channel: ${error.message}`));
  if (process.env.SWITCHYARD_JOBS === "off") return;
  const { startBackgroundJobs } = await import("@/lib/server/jobs/background-jobs");
  startBackgroundJobs();
}
