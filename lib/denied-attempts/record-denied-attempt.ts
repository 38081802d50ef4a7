import { sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { deniedAttempts } from "@/db/schema";
import { type Actor, roleLabel } from "@/lib/audit/actor";
import type { DeniedSurface } from "@/lib/validations/denied-attempts";

const MINUTE_MS = 60 * 1000;

// Counts a refused authorization (403) in its actor/permission/surface/minute bucket: one upsert,
// outside the audit chain (a caller hammering a forbidden route must not grow the chain). It never
// throws: a failure to record is logged and the caller still answers 403, never 500.
export async function recordDeniedAttempt({
  actor,
  permission,
  surface,
  now = new Date(),
}: {
  actor: Actor;
  permission: string;
  surface: DeniedSurface;
  now?: Date;
}): Promise<void> {
  try {
    const minute = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS);
    await getDb()
      .insert(deniedAttempts)
      .values({
        actorKey: actor.id ?? `${actor.kind}:${actor.label}`,
        actorId: actor.id,
        actorLabel: actor.token ? `${actor.label} (token ${actor.token.name})` : actor.label,
        actorRole: roleLabel(actor),
        permission,
        surface,
        minute,
        count: 1,
        lastIp: actor.ip,
        lastAt: now,
      })
      .onConflictDoUpdate({
        target: [deniedAttempts.actorKey, deniedAttempts.permission, deniedAttempts.surface, deniedAttempts.minute],
        set: {
          count: sql`${deniedAttempts.count} + 1`,
          lastIp: actor.ip,
          lastAt: now,
          actorLabel: sql`excluded.actor_label`,
          actorRole: sql`excluded.actor_role`,
        },
      });
  } catch (error) {
    // The driver's own message (drizzle wraps it with the whole query text).
    const cause = (error as { cause?: Error }).cause ?? (error as Error);
    console.error(
      `[denied-attempts] could not record a refusal of ${permission}: ${String(cause.message).slice(0, 200)}`,
    );
  }
}
