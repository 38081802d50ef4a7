// Four-eyes on edits: widening what an approved sender may do waits for a second person in a
// change request; narrowing applies at once; every decision names the revision it reviewed.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { senderChangeRequests, senders, sendingDomains } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { AppError } from "@/lib/errors";
import { buildPolicySnapshot } from "@/lib/policy/build-snapshot";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { listSenderAudit } from "@/lib/senders/get-sender";
import { getPendingChangeRequest, listChangeRequests } from "@/lib/senders/list-change-requests";
import { todayUtc } from "@/lib/senders/review";
import { makeActor } from "../support/actors";
import {
  changeSenderStatusRaw,
  decideChangeRequestRaw,
  decideSenderRaw,
  registerSenderRaw,
  updateSenderRaw,
  withdrawChangeRequestRaw,
} from "../support/senders-at-edge";

let infra: Actor;
let security: Actor;
let admin: Actor;
let main: string;
let extra: string;
const inMonths = (n: number) => todayUtc(new Date(Date.now() + n * 30 * 86_400_000));

async function addDomain(domain: string): Promise<string> {
  const [row] = await getDb()
    .insert(sendingDomains)
    .values({ domain, displayName: domain })
    .returning({ id: sendingDomains.id });
  return row.id;
}

// Registered by `by`, approved by security (or admin when security registered), activated.
async function activeSender(by: Actor, overrides: Record<string, unknown> = {}) {
  const sender = await registerSenderRaw({
    actor: by,
    input: {
      name: `Four eyes ${Math.random().toString(36).slice(2, 8)}`,
      kind: "internal_onprem",
      ownerTeam: "Platform",
      contactEmail: "platform@example.com",
      purpose: "Account notices for customers",
      fromDomainIds: [main],
      allowedFromAddresses: ["notices@fe-main.example.com"],
      allowedCidrs: ["10.1.0.0/16"],
      rateLimitPerMinute: 100,
      rateLimitPerDay: 50_000,
      reviewDate: inMonths(6),
      ...overrides,
    },
  });
  const approver = by.id === security.id ? admin : security;
  await decideSenderRaw({
    actor: approver,
    input: { senderId: sender.id, decision: "approve", revision: 1, comment: "Checked for the test" },
  });
  await changeSenderStatusRaw({ actor: approver, input: { senderId: sender.id, action: "activate" } });
  return sender.id;
}

const row = async (id: string) => (await getDb().select().from(senders).where(eq(senders.id, id)))[0];
const inSnapshot = async (id: string) => (await buildPolicySnapshot()).senders.find((s) => s.id === id);
const pendingRows = (id: string) =>
  getDb()
    .select()
    .from(senderChangeRequests)
    .where(and(eq(senderChangeRequests.senderId, id), eq(senderChangeRequests.status, "pending")));

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

beforeAll(async () => {
  [infra, security, admin] = await Promise.all([makeActor("infra"), makeActor("security"), makeActor("admin")]);
  main = await addDomain("fe-main.example.com");
  extra = await addDomain("fe-extra.example.com");
});

describe("widening an approved sender needs a second person", () => {
  it("keeps the requester's wider From domains, networks and rate out of the sender and the snapshot, in a pending request", async () => {
    const id = await activeSender(infra);
    const v = await currentPolicyVersion();
    const snapshotBefore = await inSnapshot(id);
    const before = await row(id);

    const edit = await updateSenderRaw({
      actor: infra,
      input: {
        senderId: id,
        fromDomainIds: [main, extra],
        allowedCidrs: ["10.1.0.0/16", "192.0.2.0/24"],
        rateLimitPerMinute: 5000,
        rateLimitPerDay: 100_000,
      },
    });
    expect(edit.applied).toEqual([]);
    expect(edit.awaitingApproval).toEqual(["fromDomainIds", "allowedCidrs", "rateLimitPerMinute", "rateLimitPerDay"]);
    expect(edit.sender.domains.map((d) => d.id)).toEqual([main]);

    expect(await row(id)).toEqual(before);
    expect(await currentPolicyVersion()).toBe(v);
    expect(await inSnapshot(id)).toEqual(snapshotBefore);
    const [pending] = await pendingRows(id);
    expect(pending).toMatchObject({ revision: 1, requestedBy: infra.id, status: "pending" });
    expect(pending.changes).toEqual({
      fromDomainIds: [main, extra],
      allowedCidrs: ["10.1.0.0/16", "192.0.2.0/24"],
      rateLimitPerMinute: 5000,
      rateLimitPerDay: 100_000,
    });
    expect((await listSenderAudit(id))[0]).toMatchObject({
      action: "sender.change.request",
      actorId: infra.id,
      after: { changeRequestId: pending.id },
    });
  });

  it("treats emptying the address or network list (any address, any source) and a network outside the old ones as widening", async () => {
    const id = await activeSender(infra);
    const anySource = await updateSenderRaw({ actor: infra, input: { senderId: id, allowedCidrs: [] } });
    expect(anySource.awaitingApproval).toEqual(["allowedCidrs"]);
    const anyAddress = await updateSenderRaw({ actor: infra, input: { senderId: id, allowedFromAddresses: "" } });
    expect(anyAddress.awaitingApproval).toEqual(["allowedFromAddresses", "allowedCidrs"]);
    expect(anyAddress.changeRequest?.revision).toBe(2);
    // A network inside an old one is narrower; one reaching past it is wider.
    const other = await activeSender(infra);
    expect(
      (await updateSenderRaw({ actor: infra, input: { senderId: other, allowedCidrs: ["10.1.2.0/24"] } })).applied,
    ).toEqual(["allowedCidrs"]);
    expect(
      (await updateSenderRaw({ actor: infra, input: { senderId: other, allowedCidrs: ["10.0.0.0/8"] } }))
        .awaitingApproval,
    ).toEqual(["allowedCidrs"]);
    expect((await row(other)).allowedCidrs).toEqual(["10.1.2.0/24"]);
  });

  it("applies narrowing at once (revision and policy version bumped) while the widening part of the same edit waits", async () => {
    const id = await activeSender(infra);
    const v = await currentPolicyVersion();
    const { revision } = await row(id);
    const edit = await updateSenderRaw({
      actor: infra,
      input: {
        senderId: id,
        rateLimitPerMinute: 20,
        allowedCidrs: ["10.1.5.0/24"],
        rateLimitPerDay: 90_000,
        purpose: "Account notices, narrowed for the test",
      },
    });
    expect(edit.applied).toEqual(["purpose", "allowedCidrs", "rateLimitPerMinute"]);
    expect(edit.awaitingApproval).toEqual(["rateLimitPerDay"]);
    expect(await row(id)).toMatchObject({
      rateLimitPerMinute: 20,
      allowedCidrs: ["10.1.5.0/24"],
      rateLimitPerDay: 50_000,
      revision: revision + 1,
    });
    expect(await currentPolicyVersion()).toBe(v + 1);
    expect(await inSnapshot(id)).toMatchObject({
      rateLimitPerMinute: 20,
      cidrs: ["10.1.5.0/24"],
      rateLimitPerDay: 50_000,
    });

    // Pure narrowing: no request at all.
    const narrow = await activeSender(infra);
    const only = await updateSenderRaw({ actor: infra, input: { senderId: narrow, rateLimitPerMinute: 10 } });
    expect(only).toMatchObject({ applied: ["rateLimitPerMinute"], awaitingApproval: [], changeRequest: null });
    expect(await pendingRows(narrow)).toEqual([]);
  });

  it("holds back an address at a domain that itself waits for approval", async () => {
    const id = await activeSender(infra, { allowedFromAddresses: [] });
    const edit = await updateSenderRaw({
      actor: infra,
      input: { senderId: id, fromDomainIds: [main, extra], allowedFromAddresses: ["news@fe-extra.example.com"] },
    });
    expect(edit.applied).toEqual([]);
    expect(edit.awaitingApproval).toEqual(["fromDomainIds", "allowedFromAddresses"]);
    expect((await row(id)).allowedFromAddresses).toEqual([]);
  });

  it("lets a registration (not yet decided) be edited freely, bumping its revision", async () => {
    const sender = await registerSenderRaw({
      actor: infra,
      input: {
        name: `Fresh ${Date.now()}`,
        kind: "internal_cloud",
        ownerTeam: "Ops",
        contactEmail: "ops@example.com",
        purpose: "A fresh request for the test",
        fromDomainIds: [main],
        rateLimitPerMinute: 10,
        rateLimitPerDay: 100,
        reviewDate: inMonths(3),
      },
    });
    const edit = await updateSenderRaw({
      actor: infra,
      input: { senderId: sender.id, rateLimitPerMinute: 50, fromDomainIds: [main, extra] },
    });
    expect(edit).toMatchObject({
      applied: ["fromDomainIds", "rateLimitPerMinute"],
      awaitingApproval: [],
      changeRequest: null,
      sender: { revision: 2, rateLimitPerMinute: 50 },
    });
  });
});

describe("deciding a change request", () => {
  it("refuses the requester, and anyone who amended it", async () => {
    const id = await activeSender(admin);
    const { changeRequest } = await updateSenderRaw({ actor: admin, input: { senderId: id, rateLimitPerMinute: 900 } });
    const own = await failure(
      decideChangeRequestRaw({
        actor: admin,
        input: {
          senderId: id,
          requestId: changeRequest!.id,
          decision: "approve",
          revision: 1,
          comment: "My own change",
        },
      }),
    );
    expect(own).toMatchObject({
      code: "forbidden",
      message: "You requested this change; another person must approve it",
    });
    // security amends admin's request: now neither may approve it.
    const amended = await updateSenderRaw({ actor: security, input: { senderId: id, rateLimitPerDay: 200_000 } });
    expect(amended.changeRequest).toMatchObject({
      id: changeRequest!.id,
      revision: 2,
      changes: { rateLimitPerMinute: 900, rateLimitPerDay: 200_000 },
    });
    for (const actor of [admin, security]) {
      const refused = await failure(
        decideChangeRequestRaw({
          actor,
          input: {
            senderId: id,
            requestId: changeRequest!.id,
            decision: "approve",
            revision: 2,
            comment: "Part of it is mine",
          },
        }),
      );
      expect(refused.code).toBe("forbidden");
    }
    expect(await row(id)).toMatchObject({ rateLimitPerMinute: 100, rateLimitPerDay: 50_000 });
    const third = await makeActor("security");
    const approved = await decideChangeRequestRaw({
      actor: third,
      input: {
        senderId: id,
        requestId: changeRequest!.id,
        decision: "approve",
        revision: 2,
        comment: "Volume agreed with the owner",
      },
    });
    expect(approved.sender).toMatchObject({ rateLimitPerMinute: 900, rateLimitPerDay: 200_000 });
  });

  it("answers 409 to an approval naming a revision the requester amended since, and changes nothing", async () => {
    const id = await activeSender(infra);
    const first = await updateSenderRaw({ actor: infra, input: { senderId: id, rateLimitPerMinute: 150 } });
    expect(first.changeRequest?.revision).toBe(1);
    // The approver opened revision 1; meanwhile the requester slips in a new From domain.
    const second = await updateSenderRaw({ actor: infra, input: { senderId: id, fromDomainIds: [main, extra] } });
    expect(second.changeRequest).toMatchObject({ id: first.changeRequest!.id, revision: 2 });
    const v = await currentPolicyVersion();
    const stale = await failure(
      decideChangeRequestRaw({
        actor: security,
        input: {
          senderId: id,
          requestId: first.changeRequest!.id,
          decision: "approve",
          revision: 1,
          comment: "Rate raise is fine",
        },
      }),
    );
    expect(stale.code).toBe("conflict");
    expect(stale.status).toBe(409);
    expect(stale.message).toMatch(/amended since you reviewed it \(you reviewed revision 1, it is now revision 2\)/);
    expect(await row(id)).toMatchObject({ rateLimitPerMinute: 100 });
    expect((await pendingRows(id))[0]).toMatchObject({ status: "pending", revision: 2 });
    expect(await currentPolicyVersion()).toBe(v);
  });

  it("applies an approved change, bumps the policy version and the sender revision, audited with the decider", async () => {
    const id = await activeSender(infra);
    const { revision } = await row(id);
    const { changeRequest } = await updateSenderRaw({
      actor: infra,
      input: { senderId: id, fromDomainIds: [main, extra], allowedCidrs: ["10.1.0.0/16", "2001:db8::/48"] },
    });
    const v = await currentPolicyVersion();
    const decision = await decideChangeRequestRaw({
      actor: security,
      input: {
        senderId: id,
        requestId: changeRequest!.id,
        decision: "approve",
        revision: 1,
        comment: "Second domain confirmed",
      },
    });
    expect(decision.policyVersion).toBe(v + 1);
    expect(decision.changeRequest).toMatchObject({
      status: "approved",
      decidedBy: security.id,
      decisionComment: "Second domain confirmed",
    });
    expect(await row(id)).toMatchObject({ allowedCidrs: ["10.1.0.0/16", "2001:db8::/48"], revision: revision + 1 });
    const snapshot = await inSnapshot(id);
    expect(snapshot?.cidrs).toEqual(["10.1.0.0/16", "2001:db8::/48"]);
    expect(snapshot?.fromDomains.sort()).toEqual(["fe-extra.example.com", "fe-main.example.com"]);
    expect(await pendingRows(id)).toEqual([]);
    const [entry] = await listSenderAudit(id);
    expect(entry).toMatchObject({
      action: "sender.change.approve",
      actorId: security.id,
      reason: "Second domain confirmed",
      after: { policyVersion: v + 1, changeRequestId: changeRequest!.id },
    });
    const again = await failure(
      decideChangeRequestRaw({
        actor: admin,
        input: { senderId: id, requestId: changeRequest!.id, decision: "reject", revision: 1, comment: "Too late" },
      }),
    );
    expect(again).toMatchObject({ code: "conflict", message: "This change request is already approved" });
  });

  it("re-checks an approval against the sender as it is now: a From domain retired since is a conflict", async () => {
    const id = await activeSender(infra);
    const doomed = await addDomain(`fe-doomed-${Date.now()}.example.com`);
    const { changeRequest } = await updateSenderRaw({
      actor: infra,
      input: { senderId: id, fromDomainIds: [main, doomed] },
    });
    await getDb().update(sendingDomains).set({ status: "retired" }).where(eq(sendingDomains.id, doomed));
    const refused = await failure(
      decideChangeRequestRaw({
        actor: security,
        input: { senderId: id, requestId: changeRequest!.id, decision: "approve", revision: 1, comment: "Looks fine" },
      }),
    );
    expect(refused.code).toBe("conflict");
    expect(refused.fieldErrors?.fromDomainIds?.[0]).toMatch(/retired/);
  });

  it("rejects with the comment recorded, and lets the requester withdraw", async () => {
    const id = await activeSender(infra);
    const { changeRequest } = await updateSenderRaw({
      actor: infra,
      input: { senderId: id, rateLimitPerMinute: 10_000 },
    });
    const rejected = await decideChangeRequestRaw({
      actor: security,
      input: {
        senderId: id,
        requestId: changeRequest!.id,
        decision: "reject",
        revision: 1,
        comment: "Ten thousand a minute is not transactional",
      },
    });
    expect(rejected.changeRequest).toMatchObject({
      status: "rejected",
      decisionComment: "Ten thousand a minute is not transactional",
    });
    expect((await row(id)).rateLimitPerMinute).toBe(100);
    expect((await listSenderAudit(id))[0]).toMatchObject({
      action: "sender.change.reject",
      reason: "Ten thousand a minute is not transactional",
    });

    const next = await updateSenderRaw({ actor: infra, input: { senderId: id, rateLimitPerMinute: 300 } });
    expect(next.changeRequest?.id).not.toBe(changeRequest!.id);
    const withdrawn = await withdrawChangeRequestRaw({
      actor: infra,
      input: { senderId: id, requestId: next.changeRequest!.id },
    });
    expect(withdrawn.status).toBe("withdrawn");
    expect(await getPendingChangeRequest(id)).toBeNull();
    expect((await listChangeRequests(id)).map((r) => r.status)).toEqual(["withdrawn", "rejected"]);
    expect((await listSenderAudit(id))[0]).toMatchObject({ action: "sender.change.withdraw", actorId: infra.id });
  });

  it("withdraws a pending change when the sender is retired", async () => {
    const id = await activeSender(infra);
    const { changeRequest } = await updateSenderRaw({ actor: infra, input: { senderId: id, rateLimitPerMinute: 400 } });
    await changeSenderStatusRaw({
      actor: security,
      input: { senderId: id, action: "retire", reason: "Application decommissioned" },
    });
    expect(await pendingRows(id)).toEqual([]);
    const late = await failure(
      decideChangeRequestRaw({
        actor: security,
        input: { senderId: id, requestId: changeRequest!.id, decision: "approve", revision: 1, comment: "Too late" },
      }),
    );
    expect(late).toMatchObject({ code: "conflict", message: "This change request is already withdrawn" });
  });
});

describe("deciding a registration names the revision reviewed", () => {
  it("answers 409 when the requester edited the request after the approver opened it", async () => {
    const sender = await registerSenderRaw({
      actor: infra,
      input: {
        name: `Stale ${Date.now()}`,
        kind: "internal_cloud",
        ownerTeam: "Ops",
        contactEmail: "ops@example.com",
        purpose: "A request edited under review",
        fromDomainIds: [main],
        rateLimitPerMinute: 10,
        rateLimitPerDay: 100,
        reviewDate: inMonths(3),
      },
    });
    await updateSenderRaw({
      actor: infra,
      input: { senderId: sender.id, rateLimitPerMinute: 100, rateLimitPerDay: 1000, allowedCidrs: [] },
    });
    const stale = await failure(
      decideSenderRaw({
        actor: security,
        input: { senderId: sender.id, decision: "approve", revision: 1, comment: "Ten a minute is fine" },
      }),
    );
    expect(stale).toMatchObject({ code: "conflict" });
    expect(stale.message).toMatch(/edited since you reviewed it \(you reviewed revision 1, it is now revision 2\)/);
    expect((await row(sender.id)).status).toBe("requested");
    const missing = await failure(
      decideSenderRaw({
        actor: security,
        input: { senderId: sender.id, decision: "approve", comment: "No revision named" },
      }),
    );
    expect(missing.fieldErrors?.revision).toBeDefined();
    expect(
      (
        await decideSenderRaw({
          actor: security,
          input: { senderId: sender.id, decision: "approve", revision: 2, comment: "Reviewed the edited request" },
        })
      ).status,
    ).toBe("approved");
  });
});
