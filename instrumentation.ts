// Runs once when the Next.js server starts: the control plane's periodic jobs (Node runtime only).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.SWITCHYARD_JOBS === "off") return;
  const { startBackgroundJobs } = await import("@/lib/jobs/background-jobs");
  startBackgroundJobs();
}
