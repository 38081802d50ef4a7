import { and, count, eq, gte, ilike } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import type { KillSwitchScope } from "@/db/schema";
import { deliveryEvents, senderDomains, senders } from "@/db/schema";
import { activeCredentialsForPolicy } from "@/lib/credentials/active-credentials-for-policy";
import type { KillSwitchImpactInput } from "@/lib/validations/kill-switch";
import { resolveKillSwitchTarget } from "./resolve-target";

const HOUR_MS = 60 * 60 * 1000;

export interface KillSwitchImpact {
  scope: KillSwitchScope;
  label: string;
  senders: number;
  credentials: number;
  messagesLastHour: number;
  // e.g. "Salesforce — 2 credentials, 1,240 messages in the last hour"
  summary: string;
}

const plural = (n: number, word: string) => `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;

async function acceptedSince(db: Executor, since: Date, where?: ReturnType<typeof and>): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(deliveryEvents)
    .where(and(eq(deliveryEvents.type, "accepted"), gte(deliveryEvents.at, since), where));
  return row?.n ?? 0;
}

// What engaging a switch would stop, for the confirm step.
export async function describeKillSwitchImpact({
  input,
  db = getDb(),
}: {
  input: KillSwitchImpactInput;
  db?: Executor;
}): Promise<KillSwitchImpact> {
  const { scope, targetId } = input;
  const target = await resolveKillSwitchTarget(db, scope, targetId);
  const since = new Date(Date.now() - HOUR_MS);
  const credentials = await activeCredentialsForPolicy({ db });
  let senderIds: string[];
  let messagesLastHour: number;
  if (scope === "global") {
    senderIds = [...new Set(credentials.map((c) => c.senderId))];
    const [row] = await db.select({ n: count() }).from(senders).where(eq(senders.status, "active"));
    messagesLastHour = await acceptedSince(db, since);
    const summary = `Everything — ${plural(row?.n ?? 0, "active sender")}, ${plural(credentials.length, "credential")}, ${plural(messagesLastHour, "message")} in the last hour`;
    return {
      scope,
      label: target.label,
      senders: row?.n ?? 0,
      credentials: credentials.length,
      messagesLastHour,
      summary,
    };
  }
  if (scope === "sender") {
    senderIds = [targetId!];
    messagesLastHour = await acceptedSince(db, since, and(eq(deliveryEvents.senderId, targetId!)));
  } else if (scope === "credential") {
    senderIds = [];
    messagesLastHour = await acceptedSince(db, since, and(eq(deliveryEvents.credentialId, targetId!)));
  } else {
    const rows = await db
      .select({ senderId: senderDomains.senderId })
      .from(senderDomains)
      .innerJoin(senders, eq(senders.id, senderDomains.senderId))
      .where(and(eq(senderDomains.domainId, targetId!), eq(senders.status, "active")));
    senderIds = rows.map((r) => r.senderId);
    messagesLastHour = await acceptedSince(
      db,
      since,
      and(ilike(deliveryEvents.fromAddress, `%@${target.policyTarget}`)),
    );
  }
  const credentialCount = scope === "credential" ? 1 : credentials.filter((c) => senderIds.includes(c.senderId)).length;
  const senderCount = scope === "credential" ? 0 : senderIds.length;
  const parts = [
    ...(scope === "domain" ? [plural(senderCount, "sender")] : []),
    ...(scope !== "credential" ? [plural(credentialCount, "credential")] : []),
    `${plural(messagesLastHour, "message")} in the last hour`,
  ];
  return {
    scope,
    label: target.label,
    senders: senderCount,
    credentials: credentialCount,
    messagesLastHour,
    summary: `${target.label} — ${parts.join(", ")}`,
  };
}
