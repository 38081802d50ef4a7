import { eq, sql } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";

// Sign-out: sessions are stateless JWTs, so a copied cookie would outlive a mere cookie deletion.
// Bumping the session version makes every session of this user invalid on the server too.
export async function endSessions({ userId, ip }: { userId: string; ip: string | null }): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [user] = await tx
      .update(users)
      .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
      .where(eq(users.id, userId))
      .returning();
    if (!user) return;
    await writeAudit(
      tx,
      { kind: "user", id: user.id, label: user.email, role: user.role, ip },
      { action: "auth.sign_out", targetType: "user", targetId: user.id },
    );
  });
}
