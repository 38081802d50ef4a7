// The management API's sender routes, called as route handlers with real Requests and real API
// tokens: the lifecycle with four-eyes approval, permissions per role, validation, and responses
// that match the documented schemas field for field.
import { and, desc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { POST as decideChange } from "@/app/api/v1/senders/[id]/change-requests/[requestId]/decision/route";
import { POST as withdrawChange } from "@/app/api/v1/senders/[id]/change-requests/[requestId]/withdraw/route";
import { GET as listChanges } from "@/app/api/v1/senders/[id]/change-requests/route";
import { POST as decide } from "@/app/api/v1/senders/[id]/decision/route";
import { GET as getOne, PATCH as patch } from "@/app/api/v1/senders/[id]/route";
import { POST as changeStatus } from "@/app/api/v1/senders/[id]/status/route";
import { GET as list, POST as register } from "@/app/api/v1/senders/route";
import { getDb } from "@/db/client";
import { auditLog, senders } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import type { Role } from "@/lib/auth/roles";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { todayUtc } from "@/lib/senders/review";
import {
  changeSenderStatusOperation,
  decideChangeRequestOperation,
  getSenderOperation,
  listChangeRequestsOperation,
  listSendersOperation,
  registerSenderOperation,
  updateSenderOperation,
  withdrawChangeRequestOperation,
} from "@/lib/server/api/operations/senders";
import { makeActor } from "../support/actors";
import { makeDomain } from "../support/registry-fixtures";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

type Caller = { actor: Actor; token: string };
let admin: Actor;
let infra: Caller;
let security: Caller;
let security2: Caller;
let comms: Caller;
let domainId: string;
let domainName: string;

const params = (id: string) => ({ params: Promise.resolve({ id }) });
const changeParams = (id: string, requestId: string) => ({ params: Promise.resolve({ id, requestId }) });
const noParams = { params: Promise.resolve({}) };
const request = (method: string, token: string, body?: unknown, query = "") =>
  new Request(`http://localhost/api/v1/senders${query}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "x-forwarded-for": "198.51.100.20",
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

async function caller(role: Role): Promise<Caller> {
  const actor = await makeActor(role);
  const { token } = await createApiToken({ actor: actor, input: { name: `${role}-api-test`, expiresInDays: 90 } });
  return { actor, token };
}

// The body matches the operation's response schema exactly: no field missing, none undocumented.
async function onWire<S extends z.ZodType>(response: Response, schema: S, status: number): Promise<z.infer<S>> {
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBe(status);
  expect(schema.parse(json)).toEqual(json);
  return json;
}

async function errorOf(response: Response) {
  return (
    (await response.json()) as { error: { code: string; message: string; fieldErrors?: Record<string, string[]> } }
  ).error;
}

const inMonths = (n: number) => todayUtc(new Date(Date.now() + n * 30 * 86_400_000));
function senderBody(overrides: Record<string, unknown> = {}) {
  return {
    name: `Api Sender ${Math.random().toString(36).slice(2, 8)}`,
    kind: "internal_cloud",
    ownerTeam: "Billing",
    contactEmail: "billing@example.com",
    purpose: "Invoice and receipt notifications",
    fromDomainIds: [domainId],
    allowedFromAddresses: [`billing@${domainName}`],
    allowedCidrs: ["10.20.0.0/16"],
    rateLimitPerMinute: 100,
    rateLimitPerDay: 20_000,
    reviewDate: inMonths(6),
    ...overrides,
  };
}

async function registered(by: Caller, overrides: Record<string, unknown> = {}) {
  return onWire(
    await register(request("POST", by.token, senderBody(overrides)), noParams),
    registerSenderOperation.response,
    201,
  );
}

beforeAll(async () => {
  admin = await makeActor("admin");
  [infra, security, security2, comms] = await Promise.all([
    caller("infra"),
    caller("security"),
    caller("security"),
    caller("comms"),
  ]);
  const domain = await makeDomain(admin);
  domainId = domain.id;
  domainName = domain.domain;
});

describe("/api/v1/senders lifecycle", () => {
  it("registers as infra, approves as security, activates, lists, gets, updates and suspends", async () => {
    const v0 = await currentPolicyVersion();
    const response = await register(
      request("POST", infra.token, senderBody({ name: "Api Billing Notices" })),
      noParams,
    );
    expect(response.headers.get("x-ratelimit-limit")).toBe("600");
    expect(response.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    expect(response.headers.get("x-ratelimit-reset")).toMatch(/^\d+$/);
    const created = await onWire(response, registerSenderOperation.response, 201);
    expect(created).toMatchObject({
      status: "requested",
      slug: "api-billing-notices",
      requestedBy: infra.actor.id,
      allowedCidrs: ["10.20.0.0/16"],
    });
    expect(created.domains.map((d) => d.id)).toEqual([domainId]);
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.targetId, created.id), eq(auditLog.action, "sender.register")));
    expect(entry).toMatchObject({ actorId: infra.actor.id });
    expect(entry.actorLabel).toContain("token");
    expect(await currentPolicyVersion()).toBe(v0);

    const approved = await onWire(
      await decide(
        request("POST", security.token, { decision: "approve", revision: 1, comment: "Owner confirmed by ticket" }),
        params(created.id),
      ),
      registerSenderOperation.response,
      200,
    );
    expect(approved).toMatchObject({
      status: "approved",
      decidedBy: security.actor.id,
      decisionComment: "Owner confirmed by ticket",
    });

    const activated = await onWire(
      await changeStatus(request("POST", security.token, { action: "activate" }), params(created.id)),
      changeSenderStatusOperation.response,
      200,
    );
    expect(activated).toMatchObject({ sender: { status: "active" }, policyVersion: v0 + 1 });
    expect(await currentPolicyVersion()).toBe(v0 + 1);

    const filtered = await onWire(
      await list(
        request("GET", comms.token, undefined, "?q=billing+notices&status=active&kind=internal_cloud"),
        noParams,
      ),
      listSendersOperation.response,
      200,
    );
    expect(filtered).toMatchObject({ total: 1, page: 1, pageSize: 25, pageCount: 1 });
    expect(filtered.senders.map((s) => s.id)).toEqual([created.id]);
    const none = await onWire(
      await list(
        request("GET", comms.token, undefined, `?q=billing+notices&status=suspended&domainId=${domainId}`),
        noParams,
      ),
      listSendersOperation.response,
      200,
    );
    expect(none).toMatchObject({ total: 0, senders: [] });

    const detail = await onWire(
      await getOne(request("GET", comms.token), params(created.id)),
      getSenderOperation.response,
      200,
    );
    expect(detail).toMatchObject({
      id: created.id,
      status: "active",
      requester: { id: infra.actor.id },
      decider: { id: security.actor.id },
    });

    // Only the fields sent change; widening ones wait for a second person (202), whose approval
    // bumps the policy version.
    const updated = await onWire(
      await patch(
        request("PATCH", infra.token, { rateLimitPerMinute: 250, allowedCidrs: ["10.20.0.0/16", "2001:db8::/48"] }),
        params(created.id),
      ),
      updateSenderOperation.response,
      202,
    );
    expect(updated).toMatchObject({
      rateLimitPerMinute: 100,
      allowedCidrs: ["10.20.0.0/16"],
      purpose: created.purpose,
      reviewDate: created.reviewDate,
    });
    expect(updated).toMatchObject({
      applied: [],
      awaitingApproval: ["allowedCidrs", "rateLimitPerMinute"],
      changeRequest: { revision: 1, status: "pending", requestedBy: infra.actor.id },
    });
    expect(updated.allowedFromAddresses).toEqual(created.allowedFromAddresses);
    expect(await currentPolicyVersion()).toBe(v0 + 1);
    const change = await onWire(
      await decideChange(
        request("POST", security.token, { decision: "approve", revision: 1, comment: "IPv6 range confirmed" }),
        changeParams(created.id, updated.changeRequest!.id),
      ),
      decideChangeRequestOperation.response,
      200,
    );
    expect(change).toMatchObject({
      sender: { rateLimitPerMinute: 250, allowedCidrs: ["10.20.0.0/16", "2001:db8::/48"] },
      changeRequest: { status: "approved" },
      policyVersion: v0 + 2,
    });
    expect(await currentPolicyVersion()).toBe(v0 + 2);
    const purposeOnly = await onWire(
      await patch(
        request("PATCH", infra.token, { purpose: "Invoices, receipts and dunning letters" }),
        params(created.id),
      ),
      updateSenderOperation.response,
      200,
    );
    expect(purposeOnly).toMatchObject({
      purpose: "Invoices, receipts and dunning letters",
      rateLimitPerMinute: 250,
      name: "Api Billing Notices",
      kind: "internal_cloud",
      changeRequest: null,
    });
    expect(await currentPolicyVersion()).toBe(v0 + 2);

    const noReason = await changeStatus(request("POST", security.token, { action: "suspend" }), params(created.id));
    expect(noReason.status).toBe(422);
    expect(Object.keys((await errorOf(noReason)).fieldErrors ?? {})).toEqual(["reason"]);
    const suspended = await onWire(
      await changeStatus(
        request("POST", security.token, { action: "suspend", reason: "Volume spike under investigation" }),
        params(created.id),
      ),
      changeSenderStatusOperation.response,
      200,
    );
    expect(suspended).toMatchObject({ sender: { status: "suspended" }, policyVersion: v0 + 3 });
    const trail = await getDb()
      .select()
      .from(auditLog)
      .where(eq(auditLog.targetId, created.id))
      .orderBy(desc(auditLog.seq));
    expect(trail.map((e) => e.action)).toEqual([
      "sender.suspend",
      "sender.update",
      "sender.change.approve",
      "sender.change.request",
      "sender.activate",
      "sender.approve",
      "sender.register",
    ]);
    expect(trail[0]).toMatchObject({ actorId: security.actor.id, reason: "Volume spike under investigation" });
  });

  it("pages and sorts like the Senders page", async () => {
    const team = `Paging ${Math.random().toString(36).slice(2, 6)}`;
    for (const name of ["Paging C", "Paging A", "Paging B", "Paging E", "Paging D", "Paging F"])
      await registered(infra, { name: `${name} ${team}`, ownerTeam: team });
    const first = await onWire(
      await list(
        request("GET", infra.token, undefined, `?q=${encodeURIComponent(team)}&pageSize=5&sort=name&dir=desc`),
        noParams,
      ),
      listSendersOperation.response,
      200,
    );
    expect(first).toMatchObject({ total: 6, page: 1, pageSize: 5, pageCount: 2 });
    expect(first.senders.map((s) => s.name.slice(0, 8))).toEqual([
      "Paging F",
      "Paging E",
      "Paging D",
      "Paging C",
      "Paging B",
    ]);
    const second = await onWire(
      await list(
        request("GET", infra.token, undefined, `?q=${encodeURIComponent(team)}&pageSize=5&sort=name&dir=desc&page=2`),
        noParams,
      ),
      listSendersOperation.response,
      200,
    );
    expect(second.senders.map((s) => s.name.slice(0, 8))).toEqual(["Paging A"]);
  });
});

describe("/api/v1/senders four-eyes and permissions", () => {
  it("refuses the requester's own approval through the API, and lets another person approve", async () => {
    const mine = await registered(security);
    const refused = await decide(
      request("POST", security.token, { decision: "approve", revision: 1, comment: "Approving my own" }),
      params(mine.id),
    );
    expect(refused.status).toBe(403);
    expect(await errorOf(refused)).toMatchObject({
      code: "forbidden",
      message: "You requested this sender; another person must approve it",
    });
    const [row] = await getDb().select().from(senders).where(eq(senders.id, mine.id));
    expect(row).toMatchObject({ status: "requested", decidedBy: null });
    // infra may register but not approve at all.
    const infraTry = await decide(
      request("POST", infra.token, { decision: "approve", revision: 1, comment: "Not my call" }),
      params(mine.id),
    );
    expect(infraTry.status).toBe(403);
    expect((await errorOf(infraTry)).message).toContain("senders:approve");
    const other = await decide(
      request("POST", security2.token, { decision: "approve", revision: 1, comment: "Second pair of eyes" }),
      params(mine.id),
    );
    expect(other.status).toBe(200);
    expect((await other.json()) as { decidedBy: string }).toMatchObject({
      status: "approved",
      decidedBy: security2.actor.id,
    });
    const again = await decide(
      request("POST", security2.token, { decision: "reject", revision: 1, comment: "Changed my mind" }),
      params(mine.id),
    );
    expect(again.status).toBe(409);
    expect((await errorOf(again)).code).toBe("conflict");
  });

  it("answers 403 to a comms token on every mutation and writes nothing, but lets it read", async () => {
    const target = await registered(infra);
    const auditBefore = await getDb().select().from(auditLog).where(eq(auditLog.targetId, target.id));
    const attempts = [
      await register(request("POST", comms.token, senderBody()), noParams),
      await patch(request("PATCH", comms.token, { purpose: "Comms rewrites the purpose" }), params(target.id)),
      await decide(
        request("POST", comms.token, { decision: "approve", revision: 1, comment: "Comms approves" }),
        params(target.id),
      ),
      await changeStatus(
        request("POST", comms.token, { action: "retire", reason: "Comms retires" }),
        params(target.id),
      ),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      expect((await errorOf(response)).code).toBe("forbidden");
    }
    const [row] = await getDb().select().from(senders).where(eq(senders.id, target.id));
    expect(row).toMatchObject({ status: "requested", purpose: target.purpose });
    expect(await getDb().select().from(auditLog).where(eq(auditLog.targetId, target.id))).toHaveLength(
      auditBefore.length,
    );
    expect((await getOne(request("GET", comms.token), params(target.id))).status).toBe(200);
    expect((await list(request("GET", comms.token), noParams)).status).toBe(200);
  });

  it("answers 401 for a bad or missing-scheme token", async () => {
    const garbage = await list(request("GET", "syapi_garbage"), noParams);
    expect(garbage.status).toBe(401);
    expect(garbage.headers.get("www-authenticate")).toContain("Bearer");
    const basic = await list(
      new Request("http://localhost/api/v1/senders", { headers: { authorization: "Basic abc" } }),
      noParams,
    );
    expect(basic.status).toBe(401);
  });
});

describe("/api/v1/senders change requests (four-eyes on edits)", () => {
  async function activeBy(by: Caller, approver: Caller) {
    const sender = await registered(by);
    await decide(
      request("POST", approver.token, { decision: "approve", revision: 1, comment: "Approved for the test" }),
      params(sender.id),
    );
    await changeStatus(request("POST", approver.token, { action: "activate" }), params(sender.id));
    return sender;
  }

  it("answers 202 with the change request, refuses the requester's own approval, 409 for an amended revision, then applies another person's approval", async () => {
    const sender = await activeBy(security, security2);
    const v = await currentPolicyVersion();
    const widened = await onWire(
      await patch(request("PATCH", security.token, { rateLimitPerDay: 90_000 }), params(sender.id)),
      updateSenderOperation.response,
      202,
    );
    expect(widened).toMatchObject({
      rateLimitPerDay: 20_000,
      awaitingApproval: ["rateLimitPerDay"],
      changeRequest: { revision: 1 },
    });
    const requestId = widened.changeRequest!.id;
    const listed = await onWire(
      await listChanges(request("GET", comms.token), params(sender.id)),
      listChangeRequestsOperation.response,
      200,
    );
    expect(listed.changeRequests).toMatchObject([
      {
        id: requestId,
        status: "pending",
        changes: { rateLimitPerDay: 90_000 },
        requester: { id: security.actor.id },
        authorIds: [security.actor.id],
      },
    ]);

    const own = await decideChange(
      request("POST", security.token, { decision: "approve", revision: 1, comment: "My own raise" }),
      changeParams(sender.id, requestId),
    );
    expect(own.status).toBe(403);
    expect(await errorOf(own)).toMatchObject({
      code: "forbidden",
      message: "You requested this change; another person must approve it",
    });

    const amended = await onWire(
      await patch(request("PATCH", security.token, { rateLimitPerMinute: 1000 }), params(sender.id)),
      updateSenderOperation.response,
      202,
    );
    expect(amended.changeRequest).toMatchObject({
      id: requestId,
      revision: 2,
      changes: { rateLimitPerDay: 90_000, rateLimitPerMinute: 1000 },
    });
    const stale = await decideChange(
      request("POST", security2.token, { decision: "approve", revision: 1, comment: "Approving what I saw" }),
      changeParams(sender.id, requestId),
    );
    expect(stale.status).toBe(409);
    expect((await errorOf(stale)).message).toMatch(/amended since you reviewed it/);
    const noRevision = await decideChange(
      request("POST", security2.token, { decision: "approve", comment: "Which one?" }),
      changeParams(sender.id, requestId),
    );
    expect(noRevision.status).toBe(422);
    expect(Object.keys((await errorOf(noRevision)).fieldErrors ?? {})).toEqual(["revision"]);
    expect(await currentPolicyVersion()).toBe(v);

    const approved = await onWire(
      await decideChange(
        request("POST", security2.token, { decision: "approve", revision: 2, comment: "Both raises agreed" }),
        changeParams(sender.id, requestId),
      ),
      decideChangeRequestOperation.response,
      200,
    );
    expect(approved).toMatchObject({
      sender: { rateLimitPerMinute: 1000, rateLimitPerDay: 90_000 },
      changeRequest: { status: "approved", decidedBy: security2.actor.id },
      policyVersion: v + 1,
    });
    // Narrowing applies at once: 200, nothing pending.
    const narrowed = await onWire(
      await patch(request("PATCH", security.token, { rateLimitPerMinute: 500 }), params(sender.id)),
      updateSenderOperation.response,
      200,
    );
    expect(narrowed).toMatchObject({
      rateLimitPerMinute: 500,
      applied: ["rateLimitPerMinute"],
      awaitingApproval: [],
      changeRequest: null,
    });
    expect(await currentPolicyVersion()).toBe(v + 2);
  });

  it("lets the requester withdraw, and refuses comms and unknown requests", async () => {
    const sender = await activeBy(infra, security);
    const widened = await onWire(
      await patch(request("PATCH", infra.token, { allowedCidrs: [] }), params(sender.id)),
      updateSenderOperation.response,
      202,
    );
    const requestId = widened.changeRequest!.id;
    expect(
      (
        await decideChange(
          request("POST", comms.token, { decision: "approve", revision: 1, comment: "Comms approves" }),
          changeParams(sender.id, requestId),
        )
      ).status,
    ).toBe(403);
    expect((await withdrawChange(request("POST", comms.token), changeParams(sender.id, requestId))).status).toBe(403);
    const ghost = await decideChange(
      request("POST", security.token, { decision: "approve", revision: 1, comment: "Approve a ghost" }),
      changeParams(sender.id, UNKNOWN_ID),
    );
    expect(ghost.status).toBe(404);
    const withdrawn = await onWire(
      await withdrawChange(request("POST", infra.token), changeParams(sender.id, requestId)),
      withdrawChangeRequestOperation.response,
      200,
    );
    expect(withdrawn.changeRequest).toMatchObject({ id: requestId, status: "withdrawn" });
    const late = await decideChange(
      request("POST", security.token, { decision: "approve", revision: 1, comment: "Too late" }),
      changeParams(sender.id, requestId),
    );
    expect(late.status).toBe(409);
    const [row] = await getDb().select().from(senders).where(eq(senders.id, sender.id));
    expect(row.allowedCidrs).toEqual(["10.20.0.0/16"]);
  });

  it("answers 409 to a registration decision naming a revision edited since", async () => {
    const sender = await registered(infra);
    await onWire(
      await patch(request("PATCH", infra.token, { rateLimitPerMinute: 150 }), params(sender.id)),
      updateSenderOperation.response,
      200,
    );
    const stale = await decide(
      request("POST", security.token, { decision: "approve", revision: 1, comment: "Approving the first version" }),
      params(sender.id),
    );
    expect(stale.status).toBe(409);
    expect((await errorOf(stale)).message).toMatch(/edited since you reviewed it/);
    const fresh = await onWire(
      await decide(
        request("POST", security.token, { decision: "approve", revision: 2, comment: "Approving the edited request" }),
        params(sender.id),
      ),
      registerSenderOperation.response,
      200,
    );
    expect(fresh).toMatchObject({ status: "approved", revision: 2 });
  });
});

describe("/api/v1/senders errors", () => {
  it("answers 422 naming the field for a bad CIDR, an unknown vendor, a bad filter or an unknown action", async () => {
    const badCidr = await register(
      request("POST", infra.token, senderBody({ allowedCidrs: ["10.0.0.0/8", "10.0.0.0/99"] })),
      noParams,
    );
    expect(badCidr.status).toBe(422);
    const cidrError = await errorOf(badCidr);
    expect(cidrError.code).toBe("validation_failed");
    expect(Object.keys(cidrError.fieldErrors ?? {}).every((k) => k.startsWith("allowedCidrs"))).toBe(true);
    expect(JSON.stringify(cidrError.fieldErrors)).toContain("10.0.0.0/99");

    const vendor = await register(
      request("POST", infra.token, senderBody({ kind: "saas", vendor: "mailchimpz" })),
      noParams,
    );
    expect(vendor.status).toBe(422);
    expect(Object.keys((await errorOf(vendor)).fieldErrors ?? {})).toEqual(["vendor"]);

    const many = await register(request("POST", infra.token, { name: "x", kind: "mainframe" }), noParams);
    expect(many.status).toBe(422);
    expect(Object.keys((await errorOf(many)).fieldErrors ?? {})).toEqual(
      expect.arrayContaining(["name", "kind", "ownerTeam", "purpose", "reviewDate"]),
    );

    const filter = await list(
      request("GET", infra.token, undefined, "?vendor=nope&pageSize=1000&sort=colour"),
      noParams,
    );
    expect(filter.status).toBe(422);
    expect(Object.keys((await errorOf(filter)).fieldErrors ?? {}).sort()).toEqual(["pageSize", "sort", "vendor"]);

    const target = await registered(infra);
    const action = await changeStatus(request("POST", security.token, { action: "explode" }), params(target.id));
    expect(action.status).toBe(422);
    expect((await errorOf(action)).fieldErrors?.action?.[0]).toContain("Action must be one of");
    const badPatch = await patch(
      request("PATCH", infra.token, { allowedCidrs: ["300.1.1.1/8"], rateLimitPerDay: 10, rateLimitPerMinute: 50 }),
      params(target.id),
    );
    expect(badPatch.status).toBe(422);
    // The domain function checks the merged sender too: a bad address outside its domains.
    const outside = await patch(
      request("PATCH", infra.token, { allowedFromAddresses: ["someone@elsewhere.example"] }),
      params(target.id),
    );
    expect(outside.status).toBe(422);
    expect(Object.keys((await errorOf(outside)).fieldErrors ?? {})).toEqual(["allowedFromAddresses"]);
    const [row] = await getDb().select().from(senders).where(eq(senders.id, target.id));
    expect(row.allowedCidrs).toEqual(["10.20.0.0/16"]);
  });

  it("answers 409 for a duplicate name or a transition the status does not allow", async () => {
    const first = await registered(infra, { name: "Api Duplicate Name" });
    const duplicate = await register(
      request("POST", infra.token, senderBody({ name: "api duplicate NAME" })),
      noParams,
    );
    expect(duplicate.status).toBe(409);
    expect(await errorOf(duplicate)).toMatchObject({
      code: "conflict",
      fieldErrors: { name: [expect.stringContaining("already exists")] },
    });
    const other = await registered(infra);
    const rename = await patch(request("PATCH", infra.token, { name: "Api Duplicate Name" }), params(other.id));
    expect(rename.status).toBe(409);
    const early = await changeStatus(request("POST", security.token, { action: "activate" }), params(first.id));
    expect(early.status).toBe(409);
    expect((await errorOf(early)).message).toMatch(/Cannot activate a sender that is requested/);
  });

  it("answers 404 for an unknown id, 422 for a malformed one, 400 for malformed JSON", async () => {
    for (const response of [
      await getOne(request("GET", infra.token), params(UNKNOWN_ID)),
      await patch(request("PATCH", infra.token, { purpose: "Nobody is here to edit" }), params(UNKNOWN_ID)),
      await decide(
        request("POST", security.token, { decision: "approve", revision: 1, comment: "Approve a ghost" }),
        params(UNKNOWN_ID),
      ),
      await changeStatus(
        request("POST", security.token, { action: "retire", reason: "Retire a ghost" }),
        params(UNKNOWN_ID),
      ),
    ]) {
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("not_found");
    }
    expect((await getOne(request("GET", infra.token), params("not-a-uuid"))).status).toBe(422);
    const malformed = await register(request("POST", infra.token, "{not json"), noParams);
    expect(malformed.status).toBe(400);
    expect(await errorOf(malformed)).toMatchObject({ code: "bad_request" });
    expect(malformed.headers.get("x-ratelimit-remaining")).toMatch(/^\d+$/);
    expect((await patch(request("PATCH", infra.token, "[1,"), params(UNKNOWN_ID))).status).toBe(400);
  });
});
