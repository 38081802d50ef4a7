import { and, count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog, senderDomains, senders, sendingDomains } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { getSender, listSenderAudit } from "@/lib/senders/get-sender";
import { todayUtc } from "@/lib/senders/review";
import { listDomainOptions } from "@/lib/senders/sender-domains";
import { makeActor } from "../support/actors";
import {
  changeSenderStatusRaw,
  decideChangeRequestRaw,
  decideSenderRaw,
  registerSenderRaw,
  updateSenderRaw,
} from "../support/senders-at-edge";

let admin: Actor;
let security: Actor;
let infra: Actor;
let example: string;
let marketing: string;
let retiredDomain: string;
const inMonths = (n: number) => todayUtc(new Date(Date.now() + n * 30 * 86_400_000));

async function addDomain(domain: string, status: "active" | "retired" = "active"): Promise<string> {
  const [row] = await getDb()
    .insert(sendingDomains)
    .values({ domain, displayName: domain, status })
    .returning({ id: sendingDomains.id });
  return row.id;
}

function senderInput(overrides: Record<string, unknown> = {}) {
  return {
    name: `Sender ${Math.random().toString(36).slice(2, 8)}`,
    kind: "internal_onprem",
    ownerTeam: "Platform",
    contactEmail: "platform@example.com",
    purpose: "Password reset and account notices",
    fromDomainIds: [example],
    allowedFromAddresses: ["noreply@example.com"],
    allowedCidrs: ["10.1.0.0/16"],
    rateLimitPerMinute: 100,
    rateLimitPerDay: 50_000,
    reviewDate: inMonths(6),
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

async function senderCount(): Promise<number> {
  const [row] = await getDb().select({ n: count() }).from(senders);
  return row.n;
}

beforeAll(async () => {
  [admin, security, infra] = await Promise.all([makeActor("admin"), makeActor("security"), makeActor("infra")]);
  example = await addDomain("example.com");
  marketing = await addDomain("news.example.org");
  retiredDomain = await addDomain("old.example.net", "retired");
});

describe("sender lifecycle with four-eyes approval", () => {
  it("registers, approves (by someone else), activates, edits, suspends, resumes and retires, audited with policy bumps", async () => {
    const v0 = await currentPolicyVersion();
    const registered = await registerSenderRaw({
      actor: infra,
      input: senderInput({
        name: "Payroll Notices",
        kind: "saas",
        vendor: "workday",
        allowedFromAddresses: "payroll@example.com\n*@EXAMPLE.com",
      }),
    });
    expect(registered).toMatchObject({
      status: "requested",
      slug: "payroll-notices",
      vendor: "workday",
      requestedBy: infra.id,
    });
    expect(registered.allowedFromAddresses).toEqual(["payroll@example.com", "*@example.com"]);
    expect(registered.domains.map((d) => d.domain)).toEqual(["example.com"]);
    expect(await currentPolicyVersion()).toBe(v0);

    const approved = await decideSenderRaw({
      actor: security,
      input: {
        senderId: registered.id,
        decision: "approve",
        revision: 1,
        comment: "Owner confirmed, limits reasonable",
      },
    });
    expect(approved).toMatchObject({
      status: "approved",
      decidedBy: security.id,
      decisionComment: "Owner confirmed, limits reasonable",
    });
    expect(await currentPolicyVersion()).toBe(v0);

    const activated = await changeSenderStatusRaw({
      actor: security,
      input: { senderId: registered.id, action: "activate" },
    });
    expect(activated.sender.status).toBe("active");
    expect(activated.policyVersion).toBe(v0 + 1);
    expect(await currentPolicyVersion()).toBe(v0 + 1);

    // A detail nobody enforces: no bump. Raising what relays enforce waits for a second person.
    await updateSenderRaw({
      actor: infra,
      input: { senderId: registered.id, purpose: "Payslip availability notices to employees" },
    });
    expect(await currentPolicyVersion()).toBe(v0 + 1);
    const raised = await updateSenderRaw({
      actor: infra,
      input: { senderId: registered.id, rateLimitPerMinute: "250" },
    });
    expect(raised).toMatchObject({
      sender: { rateLimitPerMinute: 100 },
      applied: [],
      awaitingApproval: ["rateLimitPerMinute"],
      changeRequest: { revision: 1 },
    });
    expect(await currentPolicyVersion()).toBe(v0 + 1);
    const moreDomains = await updateSenderRaw({
      actor: infra,
      input: {
        senderId: registered.id,
        fromDomainIds: [example, marketing],
        allowedCidrs: "10.1.0.0/16, 2001:db8::/32",
      },
    });
    expect(moreDomains.sender.domains.map((d) => d.domain)).toEqual(["example.com"]);
    expect(moreDomains).toMatchObject({
      awaitingApproval: ["fromDomainIds", "allowedCidrs", "rateLimitPerMinute"],
      changeRequest: { revision: 2 },
    });
    const change = await decideChangeRequestRaw({
      actor: security,
      input: {
        senderId: registered.id,
        requestId: moreDomains.changeRequest!.id,
        decision: "approve",
        revision: 2,
        comment: "Second domain and network confirmed",
      },
    });
    expect(change.sender.domains.map((d) => d.domain)).toEqual(["example.com", "news.example.org"]);
    expect(change).toMatchObject({
      sender: { rateLimitPerMinute: 250 },
      changeRequest: { status: "approved", decidedBy: security.id },
      policyVersion: v0 + 2,
    });
    expect(await currentPolicyVersion()).toBe(v0 + 2);

    const noReason = await failure(
      changeSenderStatusRaw({ actor: security, input: { senderId: registered.id, action: "suspend", reason: "" } }),
    );
    expect(noReason.code).toBe("validation_failed");
    expect(noReason.fieldErrors?.reason).toBeDefined();
    const suspended = await changeSenderStatusRaw({
      actor: security,
      input: { senderId: registered.id, action: "suspend", reason: "Unexpected volume spike" },
    });
    expect(suspended).toMatchObject({ sender: { status: "suspended" }, policyVersion: v0 + 3 });
    const resumed = await changeSenderStatusRaw({ actor: admin, input: { senderId: registered.id, action: "resume" } });
    expect(resumed).toMatchObject({ sender: { status: "active" }, policyVersion: v0 + 4 });
    const retired = await changeSenderStatusRaw({
      actor: admin,
      input: { senderId: registered.id, action: "retire", reason: "Replaced by the HR platform" },
    });
    expect(retired).toMatchObject({ sender: { status: "retired" }, policyVersion: v0 + 5 });

    const trail = await listSenderAudit(registered.id);
    expect(trail.map((e) => e.action)).toEqual([
      "sender.retire",
      "sender.resume",
      "sender.suspend",
      "sender.change.approve",
      "sender.change.amend",
      "sender.change.request",
      "sender.update",
      "sender.activate",
      "sender.approve",
      "sender.register",
    ]);
    const byAction = (a: string) => trail.find((e) => e.action === a)!;
    expect(byAction("sender.register").after).toMatchObject({
      name: "Payroll Notices",
      fromDomains: ["example.com"],
      status: "requested",
    });
    expect(byAction("sender.approve")).toMatchObject({
      actorId: security.id,
      reason: "Owner confirmed, limits reasonable",
      before: { status: "requested" },
    });
    expect(byAction("sender.suspend")).toMatchObject({
      reason: "Unexpected volume spike",
      before: { status: "active" },
      after: { status: "suspended", policyVersion: v0 + 3 },
    });
    expect(trail[3]).toMatchObject({
      actorId: security.id,
      reason: "Second domain and network confirmed",
      before: { fromDomains: ["example.com"], allowedCidrs: ["10.1.0.0/16"], rateLimitPerMinute: 100 },
      after: {
        fromDomains: ["example.com", "news.example.org"],
        allowedCidrs: ["10.1.0.0/16", "2001:db8::/32"],
        rateLimitPerMinute: 250,
        policyVersion: v0 + 2,
        requestedBy: infra.id,
      },
    });
    expect(trail[6].before).toEqual({ purpose: "Password reset and account notices" });

    const detail = await getSender(registered.id);
    expect(detail).toMatchObject({ status: "retired", requester: { id: infra.id }, decider: { id: security.id } });
    await expect(
      updateSenderRaw({ actor: admin, input: { senderId: registered.id, purpose: "Trying to edit history" } }),
    ).rejects.toMatchObject({ code: "conflict" });
    await expect(
      changeSenderStatusRaw({ actor: admin, input: { senderId: registered.id, action: "activate" } }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("never lets the requester decide on their own sender, even an admin", async () => {
    const mine = await registerSenderRaw({ actor: admin, input: senderInput() });
    const refused = await failure(
      decideSenderRaw({
        actor: admin,
        input: { senderId: mine.id, decision: "approve", revision: 1, comment: "Looks fine to me" },
      }),
    );
    expect(refused.code).toBe("forbidden");
    expect(refused.message).toBe("You requested this sender; another person must approve it");
    await expect(
      decideSenderRaw({
        actor: admin,
        input: { senderId: mine.id, decision: "reject", revision: 1, comment: "Withdrawn" },
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      decideSenderRaw({
        actor: SYSTEM_ACTOR,
        input: { senderId: mine.id, decision: "approve", revision: 1, comment: "Automated" },
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
    const [row] = await getDb().select().from(senders).where(eq(senders.id, mine.id));
    expect(row).toMatchObject({ status: "requested", decidedBy: null });
    expect((await listSenderAudit(mine.id)).map((e) => e.action)).toEqual(["sender.register"]);
    // Another admin may.
    const otherAdmin = await makeActor("admin");
    expect(
      (
        await decideSenderRaw({
          actor: otherAdmin,
          input: { senderId: mine.id, decision: "approve", revision: 1, comment: "Second pair of eyes" },
        })
      ).status,
    ).toBe("approved");
  });

  it("rejects with a mandatory comment; a rejected sender goes nowhere", async () => {
    const request = await registerSenderRaw({ actor: infra, input: senderInput({ kind: "saas", vendor: "hubspot" }) });
    const noComment = await failure(
      decideSenderRaw({
        actor: security,
        input: { senderId: request.id, decision: "reject", revision: 1, comment: "" },
      }),
    );
    expect(noComment.code).toBe("validation_failed");
    expect(Object.keys(noComment.fieldErrors ?? {})).toEqual(["comment"]);
    const rejected = await decideSenderRaw({
      actor: security,
      input: {
        senderId: request.id,
        decision: "reject",
        revision: 1,
        comment: "Marketing mail must not use the transactional relay",
      },
    });
    expect(rejected.status).toBe("rejected");
    const trail = await listSenderAudit(request.id);
    expect(trail[0]).toMatchObject({
      action: "sender.reject",
      reason: "Marketing mail must not use the transactional relay",
      after: { status: "rejected" },
    });
    for (const action of ["activate", "suspend", "resume", "retire"]) {
      await expect(
        changeSenderStatusRaw({ actor: admin, input: { senderId: request.id, action, reason: "try it" } }),
      ).rejects.toMatchObject({ code: "conflict" });
    }
    await expect(
      decideSenderRaw({
        actor: admin,
        input: { senderId: request.id, decision: "approve", revision: 1, comment: "Changed my mind" },
      }),
    ).rejects.toMatchObject({ code: "conflict" });
  });

  it("answers invalid transitions with conflict and changes nothing", async () => {
    const v = await currentPolicyVersion();
    const request = await registerSenderRaw({ actor: infra, input: senderInput() });
    const early = await failure(
      changeSenderStatusRaw({ actor: admin, input: { senderId: request.id, action: "activate" } }),
    );
    expect(early.code).toBe("conflict");
    expect(early.message).toMatch(/Cannot activate a sender that is requested/);
    await expect(
      changeSenderStatusRaw({
        actor: admin,
        input: { senderId: request.id, action: "suspend", reason: "just because" },
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    await decideSenderRaw({
      actor: security,
      input: { senderId: request.id, decision: "approve", revision: 1, comment: "Approved for the test" },
    });
    await expect(
      changeSenderStatusRaw({ actor: admin, input: { senderId: request.id, action: "resume" } }),
    ).rejects.toMatchObject({ code: "conflict" });
    // An approved sender that never went live retires without touching the policy.
    const retired = await changeSenderStatusRaw({
      actor: admin,
      input: { senderId: request.id, action: "retire", reason: "Project cancelled" },
    });
    expect(retired.policyVersion).toBeNull();
    expect(await currentPolicyVersion()).toBe(v);
    await expect(
      changeSenderStatusRaw({
        actor: admin,
        input: { senderId: "00000000-0000-4000-8000-000000000000", action: "activate" },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
  });

  it("lets only one of two concurrent approvals win", async () => {
    const request = await registerSenderRaw({ actor: infra, input: senderInput() });
    const results = await Promise.allSettled([
      decideSenderRaw({
        actor: security,
        input: { senderId: request.id, decision: "approve", revision: 1, comment: "first" },
      }),
      decideSenderRaw({
        actor: admin,
        input: { senderId: request.id, decision: "reject", revision: 1, comment: "second" },
      }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({
      code: "conflict",
    });
    expect((await listSenderAudit(request.id)).filter((e) => e.action !== "sender.register")).toHaveLength(1);
  });
});

describe("sender validation against the database", () => {
  it("names the field for an unknown vendor, a bad CIDR, a duplicate name and an unregistered domain, writing nothing", async () => {
    const before = await senderCount();
    const vendor = await failure(
      registerSenderRaw({ actor: infra, input: senderInput({ kind: "saas", vendor: "mailchimpz" }) }),
    );
    expect(vendor).toMatchObject({ code: "validation_failed" });
    expect(vendor.fieldErrors?.vendor?.[0]).toMatch(/Unknown vendor "mailchimpz"/);

    const cidr = await failure(
      registerSenderRaw({ actor: infra, input: senderInput({ allowedCidrs: ["10.0.0.0/8", "10.0.0.0/33"] }) }),
    );
    expect(cidr.message).toMatch(/^allowedCidrs: "10.0.0.0\/33" is not a valid/);

    const unknownDomain = await failure(
      registerSenderRaw({
        actor: infra,
        input: senderInput({ fromDomainIds: ["00000000-0000-4000-8000-000000000000"] }),
      }),
    );
    expect(unknownDomain.fieldErrors?.fromDomainIds?.[0]).toMatch(/not a registered sending domain/);
    const retired = await failure(
      registerSenderRaw({ actor: infra, input: senderInput({ fromDomainIds: [example, retiredDomain] }) }),
    );
    expect(retired.fieldErrors?.fromDomainIds?.[0]).toMatch(/old\.example\.net is retired/);

    const outside = await failure(
      registerSenderRaw({ actor: infra, input: senderInput({ allowedFromAddresses: ["news@news.example.org"] }) }),
    );
    expect(outside.fieldErrors?.allowedFromAddresses?.[0]).toMatch(
      /news@news\.example\.org is not at one of the chosen From domains/,
    );

    await registerSenderRaw({ actor: infra, input: senderInput({ name: "Billing Receipts" }) });
    const duplicate = await failure(
      registerSenderRaw({ actor: infra, input: senderInput({ name: "  billing receipts " }) }),
    );
    expect(duplicate.code).toBe("conflict");
    expect(duplicate.fieldErrors?.name?.[0]).toMatch(/"Billing Receipts" already exists/);
    expect(await senderCount()).toBe(before + 1);
  });

  it("derives distinct slugs when different names map to the same one", async () => {
    const a = await registerSenderRaw({ actor: infra, input: senderInput({ name: "Order Updates" }) });
    const b = await registerSenderRaw({ actor: infra, input: senderInput({ name: "Order-Updates!" }) });
    expect([a.slug, b.slug]).toEqual(["order-updates", "order-updates-2"]);
  });

  it("validates the merged result of an update and leaves the sender unchanged on error", async () => {
    const sender = await registerSenderRaw({ actor: infra, input: senderInput({ name: "Shipping Alerts" }) });
    const rate = await failure(updateSenderRaw({ actor: infra, input: { senderId: sender.id, rateLimitPerDay: 10 } }));
    expect(rate.fieldErrors?.rateLimitPerDay?.[0]).toMatch(/at least messages per minute/);
    const taken = await failure(
      updateSenderRaw({ actor: infra, input: { senderId: sender.id, name: "BILLING RECEIPTS" } }),
    );
    expect(taken.code).toBe("conflict");
    // Dropping the domain an allowed address lives at is refused, naming the addresses.
    const orphan = await failure(
      updateSenderRaw({ actor: infra, input: { senderId: sender.id, fromDomainIds: [marketing] } }),
    );
    expect(orphan.fieldErrors?.allowedFromAddresses).toBeDefined();
    const saas = await failure(updateSenderRaw({ actor: infra, input: { senderId: sender.id, kind: "saas" } }));
    expect(saas.fieldErrors?.vendor).toBeDefined();
    const [row] = await getDb().select().from(senders).where(eq(senders.id, sender.id));
    expect(row).toMatchObject({ name: "Shipping Alerts", rateLimitPerDay: 50_000, kind: "internal_onprem" });
    const links = await getDb().select().from(senderDomains).where(eq(senderDomains.senderId, sender.id));
    expect(links.map((l) => l.domainId)).toEqual([example]);
    expect((await listSenderAudit(sender.id)).map((e) => e.action)).toEqual(["sender.register"]);

    // Switching to SaaS with a vendor, then back to internal, drops the vendor.
    expect(
      (await updateSenderRaw({ actor: infra, input: { senderId: sender.id, kind: "saas", vendor: "zendesk" } })).sender
        .vendor,
    ).toBe("zendesk");
    expect(
      (await updateSenderRaw({ actor: infra, input: { senderId: sender.id, kind: "internal_cloud" } })).sender.vendor,
    ).toBeNull();
    // Editing something else on an overdue sender is allowed; setting a past date is not.
    await getDb().update(senders).set({ reviewDate: "2020-01-01" }).where(eq(senders.id, sender.id));
    expect(
      (await updateSenderRaw({ actor: infra, input: { senderId: sender.id, ownerTeam: "Logistics" } })).sender
        .needsReview,
    ).toBe(true);
    const past = await failure(
      updateSenderRaw({ actor: infra, input: { senderId: sender.id, reviewDate: "2021-01-01" } }),
    );
    expect(past.fieldErrors?.reviewDate).toBeDefined();
    expect(
      (await updateSenderRaw({ actor: infra, input: { senderId: sender.id, reviewDate: inMonths(12) } })).sender
        .needsReview,
    ).toBe(false);
  });

  it("offers only active sending domains to choose from", async () => {
    const options = await listDomainOptions();
    expect(options.map((o) => o.domain)).toContain("example.com");
    expect(options.map((o) => o.domain)).not.toContain("old.example.net");
  });

  it("records the sender's audit entries under target type sender", async () => {
    const rows = await getDb()
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.targetType, "sender"), eq(auditLog.action, "sender.register")));
    expect(rows[0].n).toBeGreaterThan(5);
  });
});
