import { eq } from "drizzle-orm";
import type { Tx } from "@/db/client";
import { type SmtpCredential, smtpCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { generateToken, tokenHint, tokenVerifier } from "@/lib/server/secrets/token-format";
import { getSettings } from "@/lib/settings/settings";
import { assertCidrsWithinSender, expiryFrom, makeUsername, resolveExpiryDays } from "./credential-rules";
import type { CredentialSender } from "./credential-sender";

const USERNAME_ATTEMPTS = 5;

async function freeUsername(tx: Tx, slug: string): Promise<string> {
  for (let i = 0; i < USERNAME_ATTEMPTS; i++) {
    const candidate = makeUsername(slug);
    const [taken] = await tx
      .select({ id: smtpCredentials.id })
      .from(smtpCredentials)
      .where(eq(smtpCredentials.username, candidate));
    if (!taken) return candidate;
  }
  throw new Error("could not find a free credential username");
}

// Inserts a new credential row inside the caller's transaction (the sender already locked and
// checked). The secret exists only in memory here and in the return value; the row holds its verifier.
export async function insertCredential(
  tx: Tx,
  {
    actor,
    sender,
    now,
    expiresInDays,
    allowedCidrs,
    rotatedFromId = null,
  }: {
    actor: Actor;
    sender: CredentialSender;
    now: Date;
    expiresInDays: number | undefined;
    allowedCidrs: string[];
    rotatedFromId?: string | null;
  },
): Promise<{ row: SmtpCredential; secret: string }> {
  const limits = await getSettings(["credentials.defaultExpiryDays", "credentials.maxExpiryDays"], tx);
  const days = resolveExpiryDays({
    requested: expiresInDays,
    defaultDays: limits["credentials.defaultExpiryDays"],
    maxDays: limits["credentials.maxExpiryDays"],
  });
  assertCidrsWithinSender(allowedCidrs, sender.allowedCidrs);
  const secret = generateToken("smtp");
  const hint = tokenHint(secret);
  const [row] = await tx
    .insert(smtpCredentials)
    .values({
      senderId: sender.id,
      username: await freeUsername(tx, sender.slug),
      secretPrefix: hint.prefix,
      secretLast4: hint.last4,
      verifier: tokenVerifier(secret),
      allowedCidrs: [...new Set(allowedCidrs)],
      expiresAt: expiryFrom(now, days),
      status: "active",
      rotatedFromId,
      createdBy: actor.id,
      createdAt: now,
    })
    .returning();
  return { row, secret };
}
