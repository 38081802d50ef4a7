import { and, eq, isNull } from "drizzle-orm";
import { getDb } from "@/db/client";
import { userSessions, users } from "@/db/schema";
import { writeAudit } from "@/lib/audit/write-audit";

// Sign-out: the session row is revoked, so a copied cookie of this browser is worthless on the
// server too; the user's other sessions (other browsers) stay.
export async function endSession({
  userId,
  sessionId,
  ip,
}: {
  userId: string;
  sessionId: string;
  ip: string | null;
}): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    if (!user) return;
    await tx
      .update(userSessions)
      .set({ revokedAt: new Date(), revokedBy: user.email, revokeReason: "signed out" })
      .where(and(eq(userSessions.id, sessionId), eq(userSessions.userId, userId), isNull(userSessions.revokedAt)));
    await writeAudit(
      tx,
      { kind: "user", id: user.id, label: user.email, role: user.role, ip },
      { action: "auth.sign_out", targetType: "user", targetId: user.id },
    );
  });
}
