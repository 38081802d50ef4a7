import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { authenticate } from "@/lib/auth/authenticate";
import { IP_MAX_FAILURES } from "@/lib/auth/throttle";
import { makeActor } from "../support/actors";

const PASSWORD = "correct horse battery staple";

describe("sign-in", () => {
  it("accepts the right password and audits the sign-in", async () => {
    const actor = await makeActor("security");
    const user = await authenticate({ email: actor.label, password: PASSWORD, ip: "198.51.100.1" });
    expect(user.id).toBe(actor.id);
    const entries = await getDb().select().from(auditLog).where(and(eq(auditLog.action, "auth.sign_in"), eq(auditLog.targetId, actor.id!)));
    expect(entries[0].ip).toBe("198.51.100.1");
  });

  it("locks an account after 5 failures, even for the right password, and audits each", async () => {
    const actor = await makeActor("infra");
    for (let i = 0; i < 4; i++) {
      await expect(authenticate({ email: actor.label, password: "wrong", ip: `198.51.100.${10 + i}` })).rejects.toMatchObject({ code: "unauthenticated" });
    }
    await expect(authenticate({ email: actor.label, password: "wrong", ip: "198.51.100.20" })).rejects.toMatchObject({ code: "too_many_requests" });
    await expect(authenticate({ email: actor.label, password: PASSWORD, ip: "198.51.100.21" })).rejects.toMatchObject({ code: "too_many_requests" });
    const failures = await getDb().select().from(auditLog).where(eq(auditLog.targetId, actor.label));
    expect(failures.filter((e) => e.action === "auth.sign_in_failed")).toHaveLength(5);
    expect(failures.filter((e) => e.action === "auth.sign_in_locked")).toHaveLength(1);
  });

  it("locks an address that sprays many accounts", async () => {
    const ip = "192.0.2.99";
    for (let i = 0; i < IP_MAX_FAILURES - 1; i++) {
      await expect(authenticate({ email: `nobody${i}@test.local`, password: "x", ip })).rejects.toMatchObject({ code: "unauthenticated" });
    }
    await expect(authenticate({ email: "last@test.local", password: "x", ip })).rejects.toMatchObject({ code: "too_many_requests" });
    const victim = await makeActor("comms");
    await expect(authenticate({ email: victim.label, password: PASSWORD, ip })).rejects.toMatchObject({ code: "too_many_requests" });
    expect((await authenticate({ email: victim.label, password: PASSWORD, ip: "192.0.2.100" })).id).toBe(victim.id);
  }, 60_000);

  it("refuses a disabled account with the same message as a wrong password", async () => {
    const { disableUser } = await import("@/lib/users/update-user");
    const admin = await makeActor("admin");
    const target = await makeActor("comms");
    await disableUser({ actor: admin, input: { userId: target.id, reason: "test" } });
    await expect(authenticate({ email: target.label, password: PASSWORD, ip: null })).rejects.toThrow("Wrong email or password.");
  });
});
