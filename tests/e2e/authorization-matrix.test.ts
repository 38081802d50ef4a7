// The authorization matrix: every mutation × every role (and no session), POSTed directly to the
// production server, never through the UI. Forbidden calls carry valid input, so only the
// server-side guard can refuse them, and they must leave no trace in the audit log.
import { beforeAll, describe, expect, it } from "vitest";
import { ROLES, type Role } from "@/lib/auth/roles";
import { routeMutations } from "./authz/enumerate";
import { type FixtureCaller, Fixtures, resultOf } from "./authz/fixtures";
import { ACTION_MUTATIONS, type MutationSpec, ROUTE_MUTATIONS, type RouteMutationSpec } from "./authz/mutations";
import { baseURL, demoCookie, signInCookie } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";

const actions = buildServerActions();
const cookies = {} as Record<FixtureCaller, string>;
let fixtures: Fixtures;

async function lastAuditSeq(): Promise<number> {
  const response = await fetch(`${baseURL()}/api/v1/audit?limit=1`, { headers: { cookie: cookies.admin } });
  const page = (await response.json()) as { entries: { seq: number }[] };
  return page.entries[0]?.seq ?? 0;
}

type Restricted<T> = [string, T & { allowed: readonly Role[] }];
const restrictedActions = Object.entries(ACTION_MUTATIONS).filter((e): e is Restricted<MutationSpec> =>
  Array.isArray(e[1].allowed),
);
const restrictedRoutes = Object.entries(ROUTE_MUTATIONS).filter((e): e is Restricted<RouteMutationSpec> =>
  Array.isArray(e[1].allowed),
);
const relayOnlyRoutes = Object.entries(ROUTE_MUTATIONS).filter(([, spec]) => spec.allowed === "relay-token");

const postJson = (
  path: string,
  body: unknown,
  cookie?: string,
  authorization?: string,
  contentType?: string,
  method = "POST",
) =>
  fetch(`${baseURL()}${path}`, {
    method,
    // A change made with the session must come from this site (Origin), as a browser's would.
    headers: {
      "content-type": contentType ?? "application/json",
      origin: baseURL(),
      ...(cookie ? { cookie } : {}),
      ...(authorization ? { authorization } : {}),
    },
    body: typeof body === "string" && contentType ? body : JSON.stringify(body),
  });

const methodOf = (key: string) => key.split(" ")[0];

const callAction = (key: string, _spec: MutationSpec, input: unknown, cookie?: string) =>
  postServerAction(actions.get(key)!, [input], cookie);

beforeAll(async () => {
  for (const role of ROLES) cookies[role] = await demoCookie(role);
  const bootstrap = new Fixtures(cookies, "");
  const suffix = bootstrap.unique();
  const password = "matrix requester password";
  await bootstrap.call("app/(dashboard)/users/actions.ts#createUserAction", {
    email: `matrix-requester-${suffix}@test.local`,
    name: "Requester",
    role: "infra",
    password,
  });
  cookies.requester = await signInCookie(`matrix-requester-${suffix}@test.local`, password);
  // A third person who may release: asks for the releases the matrix's callers approve (four-eyes).
  await bootstrap.call("app/(dashboard)/users/actions.ts#createUserAction", {
    email: `matrix-releaser-${suffix}@test.local`,
    name: "Releaser",
    role: "security",
    password,
  });
  cookies.releaser = await signInCookie(`matrix-releaser-${suffix}@test.local`, password);
  const target = (await bootstrap.call("app/(dashboard)/users/actions.ts#createUserAction", {
    email: `matrix-target-${suffix}@test.local`,
    name: "Target",
    role: "comms",
  })) as {
    user: { id: string };
  };
  fixtures = new Fixtures(cookies, target.user.id);
}, 120_000);

describe("authorization matrix", () => {
  it("lists every server action in the build and every mutating route handler", () => {
    const built = [...actions.keys()].sort();
    expect(
      built.filter((key) => !(key in ACTION_MUTATIONS)),
      "server actions missing from tests/e2e/authz/mutations.ts",
    ).toEqual([]);
    expect(
      Object.keys(ACTION_MUTATIONS).filter((key) => !actions.has(key)),
      "listed actions that no longer exist",
    ).toEqual([]);
    const routes = routeMutations();
    expect(
      routes.filter((key) => !(key in ROUTE_MUTATIONS)),
      "route mutations missing from tests/e2e/authz/mutations.ts",
    ).toEqual([]);
    expect(
      Object.keys(ROUTE_MUTATIONS).filter((key) => !routes.includes(key)),
      "listed routes that no longer exist",
    ).toEqual([]);
  });

  for (const [key, spec] of restrictedActions) {
    describe(`action ${key}`, () => {
      const forbidden = ROLES.filter((r) => !spec.allowed.includes(r));
      it(`refuses no session${forbidden.length ? ` and ${forbidden.join(", ")}` : ""}, leaving no audit entry`, async () => {
        const input = await spec.input!(fixtures);
        const before = await lastAuditSeq();
        const anonymous = await callAction(key, spec, input);
        const redirected =
          anonymous.status >= 300 && anonymous.status < 400 && anonymous.location?.includes("/sign-in");
        expect(
          redirected || resultOf(anonymous.body)?.code === "unauthenticated",
          `anonymous: ${anonymous.status} ${anonymous.body.slice(0, 200)}`,
        ).toBe(true);
        for (const role of forbidden) {
          const call = await callAction(key, spec, input, cookies[role]);
          expect(call.status, role).toBeLessThan(500);
          expect(resultOf(call.body), role).toMatchObject({ ok: false, code: "forbidden" });
        }
        expect(await lastAuditSeq()).toBe(before);
      });

      it(`lets ${spec.allowed.join(", ")} through`, async () => {
        for (const role of spec.allowed) {
          const call = await callAction(key, spec, await spec.input!(fixtures), cookies[role]);
          expect(resultOf(call.body), `${role}: ${call.body.slice(0, 300)}`).toMatchObject({ ok: true });
        }
      });
    });
  }

  for (const [key, spec] of restrictedRoutes) {
    describe(`route ${key}`, () => {
      const forbidden = ROLES.filter((r) => !spec.allowed.includes(r));
      it(`answers 401 without a session and 403 to ${forbidden.join(", ") || "nobody"}, leaving no audit entry`, async () => {
        const { path, body, contentType } = await spec.request!(fixtures);
        const before = await lastAuditSeq();
        expect((await postJson(path, body, undefined, undefined, contentType, methodOf(key))).status).toBe(401);
        for (const role of forbidden) {
          const response = await postJson(path, body, cookies[role], undefined, contentType, methodOf(key));
          expect(response.status, role).toBe(403);
          expect(await response.json()).toMatchObject({ error: { code: "forbidden" } });
        }
        expect(await lastAuditSeq()).toBe(before);
      });

      it(`lets ${spec.allowed.join(", ")} through`, async () => {
        for (const role of spec.allowed) {
          const { path, body, contentType } = await spec.request!(fixtures);
          const response = await postJson(path, body, cookies[role], undefined, contentType, methodOf(key));
          expect(response.status, `${role}: ${await response.clone().text()}`).toBeLessThan(300);
        }
      });
    });
  }

  for (const [key, spec] of relayOnlyRoutes) {
    it(`route ${key} refuses every dashboard role and accepts a relay token`, async () => {
      const call = spec.relayRequest
        ? await spec.relayRequest(fixtures)
        : {
            path: `/${key
              .split(" ")[1]
              .replace(/^app/, "")
              .replace(/\/route\.ts$/, "")}`,
            body: key.includes("/events/")
              ? {
                  events: [
                    {
                      id: `matrix-${fixtures.unique()}`,
                      type: "rejected",
                      reason: "auth",
                      at: new Date().toISOString(),
                    },
                  ],
                }
              : { softwareVersion: "matrix", policyVersion: 1, policyAppliedAt: null, queueDepth: 0 },
            relayToken: await fixtures.relayToken(),
          };
      const { path, body } = call;
      expect((await postJson(path, body)).status).toBe(401);
      for (const role of ROLES) expect((await postJson(path, body, cookies[role])).status, role).toBe(401);
      const accepted = await postJson(path, body, undefined, `Bearer ${call.relayToken}`);
      expect(accepted.status, await accepted.clone().text()).toBe(call.status ?? 200);
    });
  }

  it("counts the (mutation × caller) pairs it POSTed", () => {
    const pairs = (restrictedActions.length + restrictedRoutes.length + relayOnlyRoutes.length) * (ROLES.length + 1);
    console.log(
      `authorization matrix: ${restrictedActions.length} server actions + ${restrictedRoutes.length + relayOnlyRoutes.length} route handlers × ${ROLES.length + 1} callers = ${pairs} pairs`,
    );
    expect(pairs).toBeGreaterThan(0);
  });

  it("lets every signed-in role sign out", async () => {
    for (const role of ROLES) {
      const call = await postServerAction(actions.get("app/(login)/actions.ts#signOutAction")!, [], cookies[role]);
      expect(call.status, role).toBeLessThan(500);
    }
  });
});
