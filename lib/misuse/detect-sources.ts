import { eq, inArray, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { credentialNetworks, senders, smtpCredentials } from "@/db/schema";
import { NETWORK_LEARNING_MS, NETWORK_LEARNING_USES } from "./baseline";
import type { Detection } from "./react-to-detection";

// Accepted messages of one credential from one network, as a batch of events reports them.
export interface NetworkUse {
  credentialId: string;
  network: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

const MAX_KNOWN_SHOWN = 3;

// Learns each credential's source networks and reports a network never seen before, once the
// credential has learned (older than a day and used NETWORK_LEARNING_USES times): until then every
// network is simply learned. A reported network is learned too, so it is reported once.
export async function checkSources({
  uses,
  now = new Date(),
}: {
  uses: NetworkUse[];
  now?: Date;
}): Promise<Detection[]> {
  if (uses.length === 0) return [];
  const credentialIds = [...new Set(uses.map((u) => u.credentialId))];
  const db = getDb();
  const credentials = await db
    .select({
      id: smtpCredentials.id,
      username: smtpCredentials.username,
      createdAt: smtpCredentials.createdAt,
      senderId: smtpCredentials.senderId,
      senderName: senders.name,
    })
    .from(smtpCredentials)
    .innerJoin(senders, eq(senders.id, smtpCredentials.senderId))
    .where(inArray(smtpCredentials.id, credentialIds));
  const known = await db
    .select()
    .from(credentialNetworks)
    .where(inArray(credentialNetworks.credentialId, credentialIds));
  const detections: Detection[] = [];
  for (const credential of credentials) {
    const mine = known.filter((k) => k.credentialId === credential.id);
    const totalUses = mine.reduce((sum, k) => sum + k.uses, 0);
    const learned =
      now.getTime() - credential.createdAt.getTime() >= NETWORK_LEARNING_MS && totalUses >= NETWORK_LEARNING_USES;
    const fresh = uses.filter((u) => u.credentialId === credential.id && !mine.some((k) => k.network === u.network));
    if (!learned) continue;
    const shown = [...mine]
      .sort((a, b) => b.uses - a.uses)
      .slice(0, MAX_KNOWN_SHOWN)
      .map((k) => `${k.network} (${k.uses.toLocaleString("en-US")})`);
    const more = mine.length > MAX_KNOWN_SHOWN ? ` and ${mine.length - MAX_KNOWN_SHOWN} more` : "";
    const usual = `known: ${shown.join(", ")}${more}`;
    for (const use of fresh) {
      detections.push({
        senderId: credential.senderId,
        senderName: credential.senderName,
        rule: "new_source",
        subject: `${credential.id} ${use.network}`,
        value: use.count,
        baseline: usual,
        title: `${credential.senderName}: credential ${credential.username} used from a new network ${use.network} (${use.count.toLocaleString("en-US")} message${use.count === 1 ? "" : "s"}); ${mine.length} network${mine.length === 1 ? "" : "s"} seen in ${totalUses.toLocaleString("en-US")} uses: ${shown.join(", ")}${more}`,
        detail: {
          credentialId: credential.id,
          username: credential.username,
          network: use.network,
          knownNetworks: mine.map((k) => ({ network: k.network, uses: k.uses, firstSeenAt: k.firstSeenAt })),
          totalUses,
        },
        target: { scope: "credential", id: credential.id },
      });
    }
  }
  await learnNetworks(uses.filter((u) => credentials.some((c) => c.id === u.credentialId)));
  return detections;
}

async function learnNetworks(uses: NetworkUse[]): Promise<void> {
  // One row per (credential, network) in a statement: merge the batch's duplicates first.
  const merged = new Map<string, NetworkUse>();
  for (const u of uses) {
    const key = `${u.credentialId} ${u.network}`;
    const seen = merged.get(key);
    merged.set(
      key,
      seen
        ? {
            ...seen,
            count: seen.count + u.count,
            firstAt: new Date(Math.min(seen.firstAt.getTime(), u.firstAt.getTime())),
            lastAt: new Date(Math.max(seen.lastAt.getTime(), u.lastAt.getTime())),
          }
        : u,
    );
  }
  // In key order, so concurrent learners lock rows in the same order.
  const rows = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, u]) => u);
  if (rows.length === 0) return;
  await getDb()
    .insert(credentialNetworks)
    .values(
      rows.map((u) => ({
        credentialId: u.credentialId,
        network: u.network,
        firstSeenAt: u.firstAt,
        lastSeenAt: u.lastAt,
        uses: u.count,
      })),
    )
    .onConflictDoUpdate({
      target: [credentialNetworks.credentialId, credentialNetworks.network],
      set: {
        uses: sql`${credentialNetworks.uses} + excluded.uses`,
        firstSeenAt: sql`least(${credentialNetworks.firstSeenAt}, excluded.first_seen_at)`,
        lastSeenAt: sql`greatest(${credentialNetworks.lastSeenAt}, excluded.last_seen_at)`,
      },
    });
}
