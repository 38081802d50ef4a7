import { desc } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { type RecertificationCampaign, recertificationCampaigns } from "@/db/schema";

const RECENT_CAMPAIGNS = 20;

export async function listCampaigns(db: Executor = getDb()): Promise<RecertificationCampaign[]> {
  return db
    .select()
    .from(recertificationCampaigns)
    .orderBy(desc(recertificationCampaigns.startedAt))
    .limit(RECENT_CAMPAIGNS);
}
