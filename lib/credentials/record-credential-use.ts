import { and, eq, isNull, lt, or } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { smtpCredentials } from "@/db/schema";
import type { RecordCredentialUseInput } from "@/lib/validations/credentials";

// Relays report successful SMTP AUTHs; only a newer report moves "last used", so batches arriving
// out of order never move it back. Usage telemetry: it changes nothing relays enforce, so no
// policy bump and no audit entry. Returns whether the row changed. The caller parses the report
// with recordCredentialUseSchema (a use claimed in the future or from a non-IP is refused there).
export async function recordCredentialUse(input: RecordCredentialUseInput, db: Executor = getDb()): Promise<boolean> {
  const { username, at, from } = input;
  const rows = await db
    .update(smtpCredentials)
    .set({ lastUsedAt: at, lastUsedFrom: from })
    .where(
      and(
        eq(smtpCredentials.username, username),
        or(isNull(smtpCredentials.lastUsedAt), lt(smtpCredentials.lastUsedAt, at)),
      ),
    )
    .returning({ id: smtpCredentials.id });
  return rows.length > 0;
}
