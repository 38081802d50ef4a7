// The authorization matrix: every mutation × every role (and no session), POSTed directly to the
// production server, never through the UI. Forbidden calls carry valid input, so only the
// server-side guard can refuse them, and they must leave no trace in the audit log.
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/auth/roles";
import { ACTION_MUTATIONS, type Fixtures, type MutationSpec, ROUTE_MUTATIONS } from "./authz/mutations";
import { routeMutations } from "./authz/enumerate";
import { baseURL, demoCookie } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";

const actions = buildServerActions();
const cookies = {} as Record<Role, string>;
let sequence = 0;
const fixtures: Fixtures = { unique: () => `${Date.now()}-${++sequence}`, targetUserId: "" };

function resultOf(body: string): { ok: boolean; code?: string } | null {
  const line = body.split("\n").find((l) => /^\d+:\{.*"ok":(true|false)/.test(l));
  return line ? JSON.parse(line.slice(line.indexOf(":") + 1)) : null;
}

async function lastAuditSeq(): Promise<number> {
  const response = await fetch(`${baseURL()}/api/v1/audit?limit=1`, { headers: { cookie: cookies.admin } });
  const page = (await response.json()) as { entries: { seq: number }[] };
  return page.entries[0]?.seq ?? 0;
}

const restricted = Object.entries(ACTION_MUTATIONS).filter((e): e is [string, MutationSpec & { allowed: readonly Role[] }] => Array.isArray(e[1].allowed));

beforeAll(async () => {
  for (const role of ROLES) cookies[role] = await demoCookie(role);
  const created = await postServerAction(actions.get("app/(dashboard)/users/actions.ts#createUserAction")!, [{ email: `matrix-target-${Date.now()}@test.local`, name: "Target", role: "comms" }], cookies.admin);
  const match = created.body.match(/"id":"([0-9a-f-]{36})"/);
  if (!match) throw new Error(`could not create the matrix target user: ${created.body.slice(0, 300)}`);
  fixtures.targetUserId = match[1];
});

describe("authorization matrix", () => {
  it("lists every server action in the build and every mutating route handler", () => {
    const built = [...actions.keys()].sort();
    expect(built.filter((key) => !(key in ACTION_MUTATIONS)), "server actions missing from tests/e2e/authz/mutations.ts").toEqual([]);
    expect(Object.keys(ACTION_MUTATIONS).filter((key) => !actions.has(key)), "listed actions that no longer exist").toEqual([]);
    const routes = routeMutations();
    expect(routes.filter((key) => !(key in ROUTE_MUTATIONS)), "route mutations missing from tests/e2e/authz/mutations.ts").toEqual([]);
    expect(Object.keys(ROUTE_MUTATIONS).filter((key) => !routes.includes(key)), "listed routes that no longer exist").toEqual([]);
  });

  for (const [key, spec] of restricted) {
    describe(key, () => {
      it("refuses a caller without a session", async () => {
        const call = await postServerAction(actions.get(key)!, [spec.input!(fixtures)]);
        const refusedByRedirect = call.status >= 300 && call.status < 400 && call.location?.includes("/sign-in");
        expect(refusedByRedirect || resultOf(call.body)?.code === "unauthenticated", `${call.status} ${call.body.slice(0, 200)}`).toBe(true);
      });

      for (const role of ROLES.filter((r) => !spec.allowed.includes(r))) {
        it(`refuses ${role}, leaving no audit entry`, async () => {
          const before = await lastAuditSeq();
          const call = await postServerAction(actions.get(key)!, [spec.input!(fixtures)], cookies[role]);
          expect(call.status).toBeLessThan(500);
          expect(resultOf(call.body)).toMatchObject({ ok: false, code: "forbidden" });
          expect(await lastAuditSeq()).toBe(before);
        });
      }

      for (const role of spec.allowed) {
        it(`lets ${role} through`, async () => {
          const call = await postServerAction(actions.get(key)!, [spec.input!(fixtures)], cookies[role]);
          expect(resultOf(call.body), call.body.slice(0, 300)).toMatchObject({ ok: true });
        });
      }
    });
  }

  it("covers every (mutation × caller) pair", () => {
    const pairs = restricted.length * (ROLES.length + 1);
    console.log(`authorization matrix: ${restricted.length} restricted mutations × ${ROLES.length + 1} callers = ${pairs} pairs POSTed`);
    expect(pairs).toBeGreaterThan(0);
  });

  it("lets every signed-in role sign out, and only itself", async () => {
    for (const role of ROLES) {
      const call = await postServerAction(actions.get("app/(login)/actions.ts#signOutAction")!, [], cookies[role]);
      expect(call.status, role).toBeLessThan(500);
    }
  });
});
