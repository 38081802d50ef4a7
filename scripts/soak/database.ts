import { eq } from "drizzle-orm";
import pg from "pg";
import { closeDb, getDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { contentProfiles, deliveryEvents, senders, smtpCredentials } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { updateContentProfile } from "@/lib/content/update-profile";
import { readDemoSecrets } from "@/lib/demo/demo-registry";
import { seedDemo } from "@/lib/demo/seed";
import { registerRelay } from "@/lib/relays/register-relay";

// The soak's own PostgreSQL database: created fresh, migrated and seeded through the domain
// functions (the demo seed: users, From domains, senders with limits and credentials), with one
// registered relay per reference relay. Dropped at the end unless the run is kept.

export const SERVER_URL = "postgres://postgres@127.0.0.1:5432";
const SOAK_ACTOR = { ...SYSTEM_ACTOR, label: "npm run soak" };
// Identity checks only: the soak measures the fleet, not clamd/rspamd (the Standard profile would
// defer everything on a machine without them, and run them on the 2 shared cores otherwise).
const SCAN_FREE_PROFILE = "Off";

export interface SoakSender {
  name: string;
  username: string;
  secret: string;
  from: string;
  perMinute: number;
}

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function createDatabase(name: string): Promise<string> {
  await onServer(`CREATE DATABASE "${name}"`);
  return `${SERVER_URL}/${name}`;
}

export async function dropDatabase(name: string): Promise<void> {
  await onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

// DATABASE_URL and SWITCHYARD_DATA_DIR must be set: the demo seed writes its secrets there.
export interface RegisteredRelay {
  name: string;
  id: string;
  token: string;
}

export async function seedSoak(relayNames: string[]): Promise<{ senders: SoakSender[]; relays: RegisteredRelay[] }> {
  await runMigrations();
  await seedDemo({ demo: true });
  const [off] = await getDb().select().from(contentProfiles).where(eq(contentProfiles.name, SCAN_FREE_PROFILE));
  if (!off) throw new Error(`content profile ${SCAN_FREE_PROFILE} missing`);
  await updateContentProfile({
    actor: SOAK_ACTOR,
    input: { profileId: off.id, defaultForInternal: true, defaultForSaas: true },
  });
  const active: SoakSender[] = [];
  for (const secret of readDemoSecrets()) {
    const [row] = await getDb()
      .select({ status: senders.status, perMinute: senders.rateLimitPerMinute })
      .from(smtpCredentials)
      .innerJoin(senders, eq(senders.id, smtpCredentials.senderId))
      .where(eq(smtpCredentials.username, secret.username));
    if (row?.status === "active")
      active.push({
        name: secret.sender,
        username: secret.username,
        secret: secret.secret,
        from: secret.from,
        perMinute: row.perMinute,
      });
  }
  const relays: RegisteredRelay[] = [];
  for (const name of relayNames) {
    const { relay, token } = await registerRelay({ actor: SOAK_ACTOR, input: { name } });
    relays.push({ name, id: relay.id, token });
  }
  await closeDb();
  return { senders: active, relays };
}

export interface StoredEvent {
  source: string;
  eventId: string;
  type: string;
  messageId: string | null;
  senderId: string | null;
}

export async function storedEvents(): Promise<StoredEvent[]> {
  const rows = await getDb()
    .select({
      source: deliveryEvents.source,
      eventId: deliveryEvents.eventId,
      type: deliveryEvents.type,
      messageId: deliveryEvents.messageId,
      senderId: deliveryEvents.senderId,
    })
    .from(deliveryEvents);
  await closeDb();
  return rows;
}
