import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, signInThrottle } from "@/db/schema";
import { authenticate } from "@/lib/auth/authenticate";
import { ACCOUNT_MAX_FAILURES, accountKey, IP_MAX_FAILURES } from "@/lib/auth/throttle";
import { makeActor } from "../support/actors";

const PASSWORD = "correct horse battery staple";

describe("sign-in", () => {
  it("accepts the right password and audits the sign-in", async () => {
    const actor = await makeActor("security");
    const user = await authenticate({ email: actor.label, password: PASSWORD, ip: "198.51.100.1" });
    expect(user.id).toBe(actor.id);
    const entries = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "auth.sign_in"), eq(auditLog.targetId, actor.id!)));
    expect(entries[0].ip).toBe("198.51.100.1");
  });

  it("locks an account after 5 failures, even for the right password, and audits each failure but not the refusals", async () => {
    const actor = await makeActor("infra");
    for (let i = 0; i < 4; i++) {
      await expect(
        authenticate({ email: actor.label, password: "wrong", ip: `198.51.100.${10 + i}` }),
      ).rejects.toMatchObject({ code: "unauthenticated" });
    }
    await expect(authenticate({ email: actor.label, password: "wrong", ip: "198.51.100.20" })).rejects.toMatchObject({
      code: "too_many_requests",
    });
    await expect(authenticate({ email: actor.label, password: PASSWORD, ip: "198.51.100.21" })).rejects.toMatchObject({
      code: "too_many_requests",
    });
    const failures = await getDb().select().from(auditLog).where(eq(auditLog.targetId, actor.label));
    expect(failures.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(5);
    expect(failures).toHaveLength(5);
  });

  it("locks an address that sprays many accounts", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < IP_MAX_FAILURES - 1; i++) {
      await expect(authenticate({ email: `nobody${i}@test.local`, password: "x", ip })).rejects.toMatchObject({
        code: "unauthenticated",
      });
    }
    await expect(authenticate({ email: "last@test.local", password: "x", ip })).rejects.toMatchObject({
      code: "too_many_requests",
    });
    const victim = await makeActor("comms");
    await expect(authenticate({ email: victim.label, password: PASSWORD, ip })).rejects.toMatchObject({
      code: "too_many_requests",
    });
    expect((await authenticate({ email: victim.label, password: PASSWORD, ip: "192.0.2.100" })).id).toBe(victim.id);
  }, 60_000);

  it("1,000 wrong sign-ins for one account write a bounded number of audit rows, and attempts during the lock do not extend it", async () => {
    const actor = await makeActor("security");
    const ATTEMPTS = 1000;
    const before = await getDb().select().from(auditLog);
    let lockUntil: Date | null = null;
    for (let i = 0; i < ATTEMPTS; i++) {
      // Each one refused (a wrong password, then the lock), never let through.
      await expect(
        authenticate({ email: actor.label, password: `wrong-${i}`, ip: "198.51.100.77" }),
      ).rejects.toMatchObject({
        code: expect.stringMatching(/^(unauthenticated|too_many_requests)$/),
      });
      if (i === ACCOUNT_MAX_FAILURES - 1)
        lockUntil = (
          await getDb()
            .select()
            .from(signInThrottle)
            .where(eq(signInThrottle.key, accountKey(actor.label)))
        )[0].lockedUntil;
    }
    const written = (await getDb().select().from(auditLog)).length - before.length;
    console.log(
      `[figure] ${ATTEMPTS} wrong sign-ins for one account wrote ${written} audit rows (before the fix: ${ATTEMPTS})`,
    );
    expect(written).toBe(ACCOUNT_MAX_FAILURES);

    // Counted, but the lock still ends when it was set to end.
    const [row] = await getDb()
      .select()
      .from(signInThrottle)
      .where(eq(signInThrottle.key, accountKey(actor.label)));
    expect(lockUntil).toBeInstanceOf(Date);
    expect(row.lockedUntil).toEqual(lockUntil);
    expect(row.failures).toBe(ATTEMPTS - ACCOUNT_MAX_FAILURES);

    // When the lock has run out, the refusals counted during it do not lock the account again.
    await getDb()
      .update(signInThrottle)
      .set({ lockedUntil: new Date(Date.now() - 1000) })
      .where(eq(signInThrottle.key, accountKey(actor.label)));
    await expect(
      authenticate({ email: actor.label, password: "wrong-again", ip: "198.51.100.77" }),
    ).rejects.toMatchObject({ code: "unauthenticated" });
    expect((await authenticate({ email: actor.label, password: PASSWORD, ip: "198.51.100.78" })).id).toBe(actor.id);
  }, 120_000);

  it("refuses a disabled account with the same message as a wrong password", async () => {
    const { disableUser } = await import("@/lib/users/update-user");
    const admin = await makeActor("admin");
    const target = await makeActor("comms");
    await disableUser({ actor: admin, input: { userId: target.id!, reason: "test" } });
    await expect(authenticate({ email: target.label, password: PASSWORD, ip: null })).rejects.toThrow(
      "Wrong email or password.",
    );
  });
});
