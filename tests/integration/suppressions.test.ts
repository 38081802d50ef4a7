// The suppression list on a real database: hard bounces and complaints suppress recipients (per
// sender, or globally by setting) for suppression.days; idempotent; a lapsed suppression is
// replaced by a new row; in the policy snapshot as keys; removed with a reason (audited, version
// bumped); the API (list, remove, export) with real tokens, its refusals and validation messages.
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { DELETE as deleteSuppression } from "@/app/api/v1/suppressions/[id]/route";
import { GET as exportCsv } from "@/app/api/v1/suppressions/export.csv/route";
import { POST as addRoute, GET as listRoute } from "@/app/api/v1/suppressions/route";
import { getDb } from "@/db/client";
import { auditLog, suppressions } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import { recordComplaint } from "@/lib/complaints/record-complaint";
import { deliverabilityDashboard } from "@/lib/deliverability/dashboard";
import { ingestEvents } from "@/lib/events/ingest-events";
import { buildPolicySnapshot } from "@/lib/policy/build-snapshot";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { policySnapshotSchema } from "@/lib/relay-contract/schemas";
import { registerRelay } from "@/lib/relays/register-relay";
import { setSetting } from "@/lib/settings/settings";
import { suppressionKey } from "@/lib/suppressions/address-key";
import { listSuppressions } from "@/lib/suppressions/list-suppressions";
import { removeSuppression } from "@/lib/suppressions/remove-suppression";
import { listSuppressionsSchema, removeSuppressionSchema } from "@/lib/validations/suppressions";
import { makeActor } from "../support/actors";
import { arfSample } from "../support/arf-sample";
import { atEdge } from "../support/at-edge";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

let admin: Actor;
let security: Actor;
let relayId: string;
let senderA: string;
let senderB: string;
const tokens = {} as Record<"admin" | "security" | "comms" | "infra" | "auditor", string>;
let seq = 0;

beforeAll(async () => {
  admin = await makeActor("admin");
  security = await makeActor("security");
  for (const role of ["admin", "security", "comms", "infra", "auditor"] as const) {
    const owner = role === "admin" ? admin : role === "security" ? security : await makeActor(role);
    tokens[role] = (await createApiToken({ actor: owner, input: { name: `sup-${role}`, expiresInDays: 30 } })).token;
  }
  const domain = await makeDomain(admin);
  senderA = (await makeActiveSender(admin, domain.id, { name: "Invoices" })).id;
  senderB = (await makeActiveSender(admin, domain.id, { name: "Newsletters" })).id;
  relayId = (await registerRelay({ actor: admin, input: { name: "relay-suppress" } })).relay.id;
});

afterEach(async () => {
  await setSetting({ actor: admin, key: "suppression.scope", value: "sender" });
});

const bounce = (
  senderId: string,
  recipient: string,
  bounceType: "hard" | "soft" = "hard",
  id = `bnc.suppress-${++seq}`,
) => ({
  id,
  type: "bounced" as const,
  at: new Date().toISOString(),
  senderId,
  recipient,
  bounceType,
  smtpCode: bounceType === "hard" ? 550 : 452,
  enhancedCode: bounceType === "hard" ? "5.1.1" : "4.2.2",
  detail: bounceType === "hard" ? "User unknown" : "Mailbox full",
});

async function ingest(events: ReturnType<typeof bounce>[]) {
  const result = await ingestEvents({ relayId, input: { events: await asRelayed(relayId, events) } });
  expect(result.invalid).toEqual([]);
  return result;
}

const activeRows = (address: string) =>
  getDb()
    .select()
    .from(suppressions)
    .where(and(eq(suppressions.address, address)));

describe("suppressions from delivery events and complaints", () => {
  it("suppresses a hard-bounced recipient for its sender only, once, in the snapshot as a key", async () => {
    const before = await currentPolicyVersion();
    await ingest([bounce(senderA, "Bob.Smith@Example.COM"), bounce(senderA, "soft@example.com", "soft")]);
    const rows = await activeRows("bob.smith@example.com");
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ senderId: senderA, reason: "hard_bounce", removedAt: null });
    expect(rows[0].detail).toBe("550 5.1.1 User unknown");
    const days = (rows[0].expiresAt!.getTime() - rows[0].createdAt.getTime()) / 86_400_000;
    expect(days).toBe(30);
    expect(await activeRows("soft@example.com")).toHaveLength(0);
    expect(await currentPolicyVersion()).toBe(before + 1);

    // The same bounce again (a retried batch) and a new bounce of the same recipient: still one row.
    await ingest([bounce(senderA, "Bob.Smith@Example.COM", "hard", `bnc.suppress-${seq}`)]);
    await ingest([bounce(senderA, "bob.smith@example.com")]);
    expect(await activeRows("bob.smith@example.com")).toHaveLength(1);
    expect(await currentPolicyVersion()).toBe(before + 1);

    const snapshot = policySnapshotSchema.parse(await buildPolicySnapshot());
    const key = suppressionKey("bob.smith@example.com");
    expect(snapshot.suppressions?.senders[senderA]?.map((e) => e[0])).toContain(key);
    expect(snapshot.suppressions?.senders[senderB] ?? []).toEqual([]);
    expect(snapshot.suppressions?.global.map((e) => e[0]) ?? []).not.toContain(key);
    // Relays get keys, never the address.
    expect(JSON.stringify(snapshot)).not.toContain("bob.smith@example.com");

    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "suppression.add"), eq(auditLog.targetId, rows[0].id)));
    expect(audit).toMatchObject({ actorLabel: "system (hard bounce)" });
    expect(audit.after).toMatchObject({ addressKey: key, recipientDomain: "example.com", reason: "hard_bounce" });
    expect(JSON.stringify(audit.after)).not.toContain("bob.smith");
  });

  it("suppresses for every sender when suppression.scope is global", async () => {
    await setSetting({ actor: admin, key: "suppression.scope", value: "global" });
    await setSetting({ actor: admin, key: "suppression.days", value: 7 });
    await ingest([bounce(senderB, "global-one@example.net")]);
    const [row] = await activeRows("global-one@example.net");
    expect(row).toMatchObject({ senderId: null, reason: "hard_bounce" });
    expect((row.expiresAt!.getTime() - row.createdAt.getTime()) / 86_400_000).toBe(7);
    const snapshot = await buildPolicySnapshot();
    expect(snapshot.suppressions?.global.map((e) => e[0])).toContain(suppressionKey("global-one@example.net"));
    await setSetting({ actor: admin, key: "suppression.days", value: 30 });
  });

  it("replaces a lapsed suppression with a new row, keeping the lapsed one as expired", async () => {
    await ingest([bounce(senderA, "lapsed@example.org")]);
    const [first] = await activeRows("lapsed@example.org");
    const past = new Date(Date.now() - 60_000);
    await getDb().update(suppressions).set({ expiresAt: past }).where(eq(suppressions.id, first.id));
    // Lapsed: no longer in the snapshot, listed as expired.
    const snapshot = await buildPolicySnapshot();
    expect(snapshot.suppressions?.senders[senderA]?.map((e) => e[0])).not.toContain(
      suppressionKey("lapsed@example.org"),
    );
    const expired = await listSuppressions(listSuppressionsSchema.parse({ q: "lapsed@", status: "expired" }));
    expect(expired.rows.map((r) => r.id)).toEqual([first.id]);

    await ingest([bounce(senderA, "lapsed@example.org")]);
    const rows = await activeRows("lapsed@example.org");
    expect(rows).toHaveLength(2);
    const closed = rows.find((r) => r.id === first.id)!;
    expect(closed).toMatchObject({ removedBy: "expiry", removeReason: "expired" });
    expect(closed.removedAt?.getTime()).toBe(past.getTime());
    const active = await listSuppressions(listSuppressionsSchema.parse({ q: "lapsed@" }));
    expect(active.rows).toHaveLength(1);
    expect(active.rows[0]).toMatchObject({ status: "active", reason: "hard_bounce" });
    expect((await listSuppressions(listSuppressionsSchema.parse({ q: "lapsed@", status: "expired" }))).total).toBe(1);
  });

  it("suppresses a complaining recipient for the matched sender (not-spam does not)", async () => {
    const unique = `c${Date.now().toString(36)}`;
    // What the relay reported for the message: accepted by senderB.
    await ingestEvents({
      relayId,
      input: {
        events: await asRelayed(relayId, [
          {
            id: `acc.${unique}`,
            type: "accepted",
            at: new Date().toISOString(),
            senderId: senderB,
            messageId: `<sample-${unique}@example.com>`,
            recipient: `user-${unique}@mailbox.example`,
          },
        ]),
      },
    });
    const result = await recordComplaint({ actor: admin, input: { report: arfSample(unique) } });
    expect(result.matched?.senderId).toBe(senderB);
    const rows = await activeRows(`user-${unique}@mailbox.example`);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ senderId: senderB, reason: "complaint" });
    expect(rows[0].detail).toMatch(/^Feedback-Type abuse/);

    const other = `n${Date.now().toString(36)}`;
    await recordComplaint({ actor: admin, input: { report: arfSample(other, { feedbackType: "not-spam" }) } });
    expect(await activeRows(`user-${other}@mailbox.example`)).toHaveLength(0);
    // Unmatched (no sender) under the per-sender scope: nothing to attach it to.
    const unmatched = `u${Date.now().toString(36)}`;
    await recordComplaint({ actor: admin, input: { report: arfSample(unmatched) } });
    expect(await activeRows(`user-${unmatched}@mailbox.example`)).toHaveLength(0);
    // ... but under the global scope it is suppressed for every sender.
    await setSetting({ actor: admin, key: "suppression.scope", value: "global" });
    const globalOne = `g${Date.now().toString(36)}`;
    await recordComplaint({ actor: admin, input: { report: arfSample(globalOne) } });
    expect(await activeRows(`user-${globalOne}@mailbox.example`)).toMatchObject([
      { senderId: null, reason: "complaint" },
    ]);
  });

  it("removes with a reason: kept with who and why, audited, version bumped; the reason is required", async () => {
    await ingest([bounce(senderA, "fixed@example.com")]);
    const [row] = await activeRows("fixed@example.com");
    await expect(
      atEdge(removeSuppressionSchema, { suppressionId: row.id, reason: " " }, (input) =>
        removeSuppression({ actor: security, input }),
      ),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { reason: [expect.stringMatching(/reason/)] } });
    const before = await currentPolicyVersion();
    const { suppression, policyVersion } = await removeSuppression({
      actor: security,
      input: { suppressionId: row.id, reason: "mailbox recreated" },
    });
    expect(policyVersion).toBe(before + 1);
    expect(suppression).toMatchObject({ removedBy: security.label, removeReason: "mailbox recreated" });
    const [audit] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "suppression.remove"), eq(auditLog.targetId, row.id)));
    expect(audit).toMatchObject({ actorId: security.id, reason: "mailbox recreated" });
    const snapshot = await buildPolicySnapshot();
    expect(snapshot.suppressions?.senders[senderA]?.map((e) => e[0])).not.toContain(
      suppressionKey("fixed@example.com"),
    );
    await expect(
      removeSuppression({ actor: security, input: { suppressionId: row.id, reason: "again please" } }),
    ).rejects.toMatchObject({ code: "conflict" });
    // A new hard bounce suppresses it again.
    await ingest([bounce(senderA, "fixed@example.com")]);
    expect((await listSuppressions(listSuppressionsSchema.parse({ q: "fixed@" }))).total).toBe(1);
  });

  it("counts suppressions in Deliverability: now, added in the range, per sender", async () => {
    await ingest([bounce(senderB, "count-me@example.com")]);
    const d = await deliverabilityDashboard({ query: { range: "1h", senderId: senderB } });
    const own = d.suppressions.bySender.find((r) => r.senderId === senderB);
    expect(own).toMatchObject({ senderName: "Newsletters" });
    expect(own!.suppressedNow).toBeGreaterThanOrEqual(1);
    expect(own!.addedInRange).toBeGreaterThanOrEqual(1);
    expect(d.suppressions.bySender.every((r) => r.senderId === senderB || r.senderId === null)).toBe(true);
    expect(d.suppressions.suppressedNow).toBe(d.suppressions.bySender.reduce((a, r) => a + r.suppressedNow, 0));
  });
});

describe("GET/POST /api/v1/suppressions, DELETE /api/v1/suppressions/{id}, export.csv", () => {
  const request = (path: string, token: string | null, method = "GET", body?: unknown) =>
    new Request(`http://localhost${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        "content-type": "application/json",
        "x-forwarded-for": "198.51.100.30",
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const params = (id: string) => ({ params: Promise.resolve({ id }) });

  it("lists for every role; refuses removal to infra (403) and a bad token (401)", async () => {
    await ingest([bounce(senderA, "api-list@example.com")]);
    for (const role of ["admin", "security", "comms", "infra", "auditor"] as const) {
      const response = await listRoute(request("/api/v1/suppressions?q=api-list", tokens[role]));
      expect(response.status, role).toBe(200);
      const body = (await response.json()) as { rows: { address: string; senderName: string }[]; total: number };
      expect(body.total).toBe(1);
      expect(body.rows[0]).toMatchObject({ address: "api-list@example.com", senderName: "Invoices" });
    }
    const [row] = await activeRows("api-list@example.com");
    const forbidden = await deleteSuppression(
      request(`/api/v1/suppressions/${row.id}`, tokens.infra, "DELETE", { reason: "not allowed" }),
      params(row.id),
    );
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toMatch(/suppressions:manage/);
    // (No Authorization header falls back to the dashboard session, which needs a Next request scope.)
    expect((await listRoute(request("/api/v1/suppressions", "not-a-token"))).status).toBe(401);
  });

  it("searches by sender name and paginates; bad query parameters are 422 with the field named", async () => {
    for (let i = 0; i < 3; i++) await ingest([bounce(senderB, `page-${i}@example.com`)]);
    const page = (await (
      await listRoute(request("/api/v1/suppressions?q=page-&sender=newslet&limit=2&page=2", tokens.comms))
    ).json()) as { rows: unknown[]; total: number; page: number };
    expect(page).toMatchObject({ total: 3, page: 2 });
    expect(page.rows).toHaveLength(1);
    const bad = await listRoute(request("/api/v1/suppressions?page=0&status=gone", tokens.comms));
    expect(bad.status).toBe(422);
    const error = ((await bad.json()) as { error: { fieldErrors: Record<string, string[]> } }).error;
    expect(error.fieldErrors.page).toEqual(["page must be 1 or more"]);
    expect(error.fieldErrors.status?.[0]).toMatch(/status must be one of: active, expired, removed, all/);
  });

  it("removes with a reason for security and admin only; refuses comms; validates the reason and the id", async () => {
    await ingest([bounce(senderA, "api-remove@example.com")]);
    const [row] = await activeRows("api-remove@example.com");
    const path = `/api/v1/suppressions/${row.id}`;
    const asComms = await deleteSuppression(
      request(path, tokens.comms, "DELETE", { reason: "not mine" }),
      params(row.id),
    );
    expect(asComms.status).toBe(403);
    const noReason = await deleteSuppression(request(path, tokens.security, "DELETE", {}), params(row.id));
    expect(noReason.status).toBe(422);
    expect(
      ((await noReason.json()) as { error: { fieldErrors: { reason: string[] } } }).error.fieldErrors.reason,
    ).toEqual(["Give a reason"]);
    const badId = await deleteSuppression(
      request("/api/v1/suppressions/nope", tokens.security, "DELETE", { reason: "x y z" }),
      params("nope"),
    );
    expect(badId.status).toBe(422);
    const unknown = "00000000-0000-4000-8000-000000000000";
    const missing = await deleteSuppression(
      request(`/api/v1/suppressions/${unknown}`, tokens.security, "DELETE", { reason: "cleanup" }),
      params(unknown),
    );
    expect(missing.status).toBe(404);
    const ok = await deleteSuppression(
      request(path, tokens.security, "DELETE", { reason: "user confirmed" }),
      params(row.id),
    );
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { suppression: { removeReason: string } }).suppression.removeReason).toBe(
      "user confirmed",
    );
    const again = await deleteSuppression(request(path, tokens.admin, "DELETE", { reason: "twice" }), params(row.id));
    expect(again.status).toBe(409);
  });

  it("adds by hand (security/admin), refuses a duplicate and a bad address with clear messages", async () => {
    const created = await addRoute(
      request("/api/v1/suppressions", tokens.security, "POST", {
        address: "<Manual@Example.com>",
        senderId: senderA,
        reason: "asked to stop",
        days: 2,
      }),
    );
    expect(created.status).toBe(201);
    expect(((await created.json()) as { suppression: { address: string } }).suppression.address).toBe(
      "manual@example.com",
    );
    const dup = await addRoute(
      request("/api/v1/suppressions", tokens.admin, "POST", {
        address: "manual@example.com",
        senderId: senderA,
        reason: "again",
      }),
    );
    expect(dup.status).toBe(409);
    const bad = await addRoute(
      request("/api/v1/suppressions", tokens.admin, "POST", { address: "nobody", reason: "typo" }),
    );
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fieldErrors: { address: string[] } } }).error.fieldErrors.address).toEqual(
      ["address must be an email address (local@domain)"],
    );
    expect(
      (
        await addRoute(
          request("/api/v1/suppressions", tokens.comms, "POST", { address: "x@example.com", reason: "no" }),
        )
      ).status,
    ).toBe(403);
  });

  it("exports the filtered list as CSV, audited", async () => {
    await ingest([bounce(senderA, "=csv@example.com")]);
    const response = await exportCsv(request("/api/v1/suppressions/export.csv?q=csv%40", tokens.auditor));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    const csv = await response.text();
    const [header, line] = csv.trim().split("\r\n");
    expect(header).toBe(
      "address,sender,sender_id,reason,detail,created_at,expires_at,status,removed_at,removed_by,remove_reason",
    );
    // A cell a spreadsheet would evaluate is quoted out.
    expect(line.startsWith("'=csv@example.com,Invoices,")).toBe(true);
    const [audit] = await getDb().select().from(auditLog).where(eq(auditLog.action, "suppression.export"));
    expect(audit.after).toMatchObject({ rows: 1, filters: { q: "csv@" } });
  });
});
