import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditChainHead, auditLog, users } from "@/db/schema";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { verifyAuditChain } from "@/lib/audit/verify-chain";
import { writeAudit } from "@/lib/audit/write-audit";
import { createUser } from "@/lib/users/create-user";

const write = (n: number) =>
  getDb().transaction((tx) =>
    writeAudit(tx, SYSTEM_ACTOR, {
      action: "test.write",
      targetType: "test",
      targetId: String(n),
      after: { n, nested: { b: 2, a: [1, "x"] } },
    }),
  );

describe("audit log", () => {
  it("chains concurrent writers into one unbroken sequence", async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => write(i)));
    const verdict = await verifyAuditChain(getDb());
    expect(verdict).toEqual({ ok: true, entries: 25 });
    const seqs = (await getDb().select({ seq: auditLog.seq }).from(auditLog)).map((r) => r.seq).sort((a, b) => a - b);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it("refuses UPDATE and DELETE at the database", async () => {
    await expect(getDb().update(auditLog).set({ reason: "rewritten" }).where(eq(auditLog.seq, 1))).rejects.toThrow();
    await expect(getDb().delete(auditLog).where(eq(auditLog.seq, 1))).rejects.toThrow();
  });

  it("names the first edited entry when someone bypasses the trigger", async () => {
    const db = getDb();
    await db.execute(sql`alter table audit_log disable trigger audit_log_no_update`);
    await db.update(auditLog).set({ reason: "quietly edited" }).where(eq(auditLog.seq, 7));
    await db.execute(sql`alter table audit_log enable trigger audit_log_no_update`);
    const verdict = await verifyAuditChain(db);
    expect(verdict.ok).toBe(false);
    expect(verdict).toMatchObject({ brokenSeq: 7, entries: 6 });
  });

  it("fails the mutation when its audit entry cannot be written", async () => {
    const db = getDb();
    const [head] = await db.select().from(auditChainHead);
    await db.delete(auditChainHead);
    await expect(
      createUser({ actor: SYSTEM_ACTOR, input: { email: "ghost@test.local", name: "Ghost", role: "comms" } }),
    ).rejects.toThrow(/audit/);
    expect(await db.select().from(users).where(eq(users.email, "ghost@test.local"))).toHaveLength(0);
    await db.insert(auditChainHead).values(head);
  });
});
