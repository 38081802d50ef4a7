// Refused authorizations are counted per actor, permission, surface and minute in their own table
// (not the audit chain); the view and its API are for security, admins and auditors only.
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { GET as listDenied } from "@/app/api/v1/denied-attempts/route";
import { GET as listReport } from "@/app/api/v1/recertifications/route";
import { getDb } from "@/db/client";
import { auditLog, deniedAttempts } from "@/db/schema";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Actor } from "@/lib/audit/actor";
import type { Role } from "@/lib/auth/roles";
import { recordDeniedAttempt } from "@/lib/denied-attempts/record-denied-attempt";
import { listDeniedAttemptsOperation } from "@/lib/server/api/operations/recertification";
import { makeActor } from "../support/actors";

type Caller = { actor: Actor; token: string };
const noParams = { params: Promise.resolve({}) };
const get = (url: string, token: string) =>
  new Request(`http://localhost${url}`, { headers: { authorization: `Bearer ${token}` } });

async function caller(role: Role): Promise<Caller> {
  const actor = await makeActor(role);
  const { token } = await createApiToken({ actor, input: { name: `${role}-denied`, expiresInDays: 30 } });
  return { actor, token };
}

async function rowsOf(actorId: string) {
  return getDb()
    .select()
    .from(deniedAttempts)
    .where(eq(deniedAttempts.actorId, actorId))
    .orderBy(deniedAttempts.minute);
}

let comms: Caller;

beforeAll(async () => {
  comms = await caller("comms");
});

describe("recording", () => {
  it("a refused API call records one row; repeats in the same minute count up; the audit chain is untouched", async () => {
    const auditBefore = (await getDb().select().from(auditLog)).length;
    const first = await listReport(get("/api/v1/recertifications", comms.token), noParams);
    expect(first.status).toBe(403);
    const [row] = await rowsOf(comms.actor.id!);
    expect(row).toMatchObject({
      actorId: comms.actor.id,
      actorRole: "comms",
      permission: "recertification:read",
      surface: "api",
      count: 1,
    });
    expect(row.actorLabel).toContain(comms.actor.label);
    expect(row.minute.getUTCSeconds()).toBe(0);

    // Two more in the same minute (unless the minute turned in between: then a second row).
    await listReport(get("/api/v1/recertifications", comms.token), noParams);
    await listReport(get("/api/v1/recertifications", comms.token), noParams);
    const rows = await rowsOf(comms.actor.id!);
    expect(rows.reduce((n, r) => n + r.count, 0)).toBe(3);
    expect(rows.length).toBeLessThanOrEqual(2);
    expect((await getDb().select().from(auditLog)).length).toBe(auditBefore);
  });

  it("same minute increments, another minute is a new row, another permission or surface too", async () => {
    const actor = (await caller("infra")).actor;
    const minute = new Date("2031-05-06T07:08:00Z");
    await recordDeniedAttempt({
      actor,
      permission: "users:manage",
      surface: "ui",
      now: new Date(minute.getTime() + 5_000),
    });
    await recordDeniedAttempt({
      actor,
      permission: "users:manage",
      surface: "ui",
      now: new Date(minute.getTime() + 59_000),
    });
    await recordDeniedAttempt({
      actor,
      permission: "users:manage",
      surface: "ui",
      now: new Date(minute.getTime() + 60_000),
    });
    await recordDeniedAttempt({ actor, permission: "users:manage", surface: "page", now: minute });
    await recordDeniedAttempt({ actor, permission: "audit:read", surface: "ui", now: minute });
    const rows = await rowsOf(actor.id!);
    const bucket = (permission: string, surface: string, at: Date) =>
      rows.find((r) => r.permission === permission && r.surface === surface && r.minute.getTime() === at.getTime());
    expect(bucket("users:manage", "ui", minute)?.count).toBe(2);
    expect(bucket("users:manage", "ui", new Date(minute.getTime() + 60_000))?.count).toBe(1);
    expect(bucket("users:manage", "page", minute)?.count).toBe(1);
    expect(bucket("audit:read", "ui", minute)?.count).toBe(1);
    expect(rows).toHaveLength(4);
    expect(bucket("users:manage", "ui", minute)?.lastIp).toBe("203.0.113.7");
  });

  it("never throws: a failure to record is logged, so the caller still answers 403", async () => {
    // PostgreSQL refuses a NUL character in text: the insert fails inside recordDeniedAttempt.
    const broken: Actor = { kind: "anonymous", id: null, label: "bad\u0000label", role: null, ip: null };
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      await expect(
        recordDeniedAttempt({ actor: broken, permission: "audit:read", surface: "api" }),
      ).resolves.toBeUndefined();
      expect(logged).toHaveBeenCalledWith(
        expect.stringContaining("[denied-attempts] could not record a refusal of audit:read"),
      );
    } finally {
      logged.mockRestore();
    }
  });
});

describe("visibility", () => {
  it("security, admins and auditors list denied attempts; infra and comms are refused (and recorded)", async () => {
    for (const role of ["security", "admin", "auditor"] as const) {
      const { token } = await caller(role);
      const response = await listDenied(
        get(`/api/v1/denied-attempts?actor=${encodeURIComponent(comms.actor.label)}`, token),
        noParams,
      );
      expect(response.status, role).toBe(200);
      const json = await response.json();
      expect(listDeniedAttemptsOperation.response.parse(json)).toEqual(json);
      expect(json.rows.length).toBeGreaterThan(0);
      expect(json.rows.every((r: { actorLabel: string }) => r.actorLabel.includes(comms.actor.label))).toBe(true);
    }
    for (const role of ["infra", "comms"] as const) {
      const { actor, token } = await caller(role);
      const response = await listDenied(get("/api/v1/denied-attempts", token), noParams);
      expect(response.status, role).toBe(403);
      const [row] = await getDb()
        .select()
        .from(deniedAttempts)
        .where(and(eq(deniedAttempts.actorId, actor.id!), eq(deniedAttempts.permission, "audit:read")));
      expect(row.count).toBe(1);
    }
  });

  it("filters by surface and pages", async () => {
    const { token } = await caller("auditor");
    const response = await listDenied(get("/api/v1/denied-attempts?surface=page&limit=1&page=1", token), noParams);
    const json = await response.json();
    expect(json.rows).toHaveLength(1);
    expect(json.rows[0].surface).toBe("page");
    const bad = await listDenied(get("/api/v1/denied-attempts?surface=smtp", token), noParams);
    expect(bad.status).toBe(422);
  });
});
