import { desc, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type MisuseDetection, misuseDetections } from "@/db/schema";

// The sender's latest detections, newest first (the sender page's Misuse detection card).
export async function recentDetections(senderId: string, limit = 5): Promise<MisuseDetection[]> {
  return getDb()
    .select()
    .from(misuseDetections)
    .where(eq(misuseDetections.senderId, senderId))
    .orderBy(desc(misuseDetections.detectedAt))
    .limit(limit);
}
