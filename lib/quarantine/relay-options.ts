import { asc } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { relays } from "@/db/schema";

// Every relay (revoked ones too: they may still have held messages listed), for the relay filter.
export async function relayOptions(db: Executor = getDb()): Promise<{ id: string; name: string }[]> {
  return db.select({ id: relays.id, name: relays.name }).from(relays).orderBy(asc(relays.name));
}
