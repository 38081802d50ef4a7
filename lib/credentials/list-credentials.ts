import { desc, eq } from "drizzle-orm";
import { type Executor, getDb } from "@/db/client";
import { smtpCredentials, users } from "@/db/schema";
import { type CredentialDisplayStatus, displayStatus } from "./credential-rules";
import { type CredentialView, toCredentialView } from "./credential-view";
import { expireDueCredentials } from "./expire-due-credentials";

export interface CredentialListItem extends CredentialView {
  createdByEmail: string | null;
  displayStatus: CredentialDisplayStatus;
}

// A sender's credentials, newest first, without verifiers. Credentials past their expiry are
// marked expired first (lazily), so the list and the relays' snapshot agree.
export async function listCredentials({
  senderId,
  now = new Date(),
  db = getDb(),
}: {
  senderId: string;
  now?: Date;
  db?: Executor;
}): Promise<CredentialListItem[]> {
  await expireDueCredentials({ now, senderId, db });
  const rows = await db
    .select({ credential: smtpCredentials, createdByEmail: users.email })
    .from(smtpCredentials)
    .leftJoin(users, eq(users.id, smtpCredentials.createdBy))
    .where(eq(smtpCredentials.senderId, senderId))
    .orderBy(desc(smtpCredentials.createdAt), desc(smtpCredentials.id));
  return rows.map(({ credential, createdByEmail }) => ({
    ...toCredentialView(credential),
    createdByEmail,
    displayStatus: displayStatus(credential, now),
  }));
}
