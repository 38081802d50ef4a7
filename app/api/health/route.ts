// GET /api/health – liveness and database reachability, for load balancers. No secrets, no auth.
import { sql } from "drizzle-orm";
import { dbInfo, getDb } from "@/db/client";

export async function GET() {
  try {
    await getDb().execute(sql`select 1`);
    return Response.json({ status: "ok", database: dbInfo().mode });
  } catch {
    return Response.json({ status: "degraded", database: "unreachable" }, { status: 503 });
  }
}
