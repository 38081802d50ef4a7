import { asc, inArray } from "drizzle-orm";
import { getDb } from "@/db/client";
import { senders } from "@/db/schema";

// Senders a suppression may be added for (the add form's picker).
export async function suppressionSenderOptions(): Promise<{ id: string; label: string }[]> {
  const rows = await getDb()
    .select({ id: senders.id, name: senders.name, status: senders.status })
    .from(senders)
    .where(inArray(senders.status, ["active", "suspended", "approved"]))
    .orderBy(asc(senders.name));
  return rows.map((s) => ({ id: s.id, label: s.status === "active" ? s.name : `${s.name} (${s.status})` }));
}
