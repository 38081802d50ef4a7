// GET /api/health/ready – readiness for a load balancer: 200 only when the database answers and
// every committed migration is applied, else 503. Names this replica and whether it leads the
// background jobs (no secrets, no auth). Liveness is GET /api/health.
import { readiness } from "@/lib/server/health/readiness";

export const dynamic = "force-dynamic";

export async function GET() {
  const answer = await readiness();
  return Response.json(answer, { status: answer.status === "ready" ? 200 : 503 });
}
