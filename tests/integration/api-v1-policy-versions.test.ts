// GET /api/v1/policy-versions and /{version}/diff as route handlers with real Requests and API
// tokens: who may read the history, and the 4xx answers for bad parameters.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as diff } from "@/app/api/v1/policy-versions/[version]/diff/route";
import { GET as list } from "@/app/api/v1/policy-versions/route";
import { getDb } from "@/db/client";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { can } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { recordPendingPolicyVersions } from "@/lib/policy-history/record-content";
import { makeActor } from "../support/actors";

const tokens: Record<string, string> = {};
let version: number;

const get = (path: string, token: string) =>
  new Request(`http://localhost${path}`, {
    headers: { authorization: `Bearer ${token}`, "x-forwarded-for": "198.51.100.9" },
  });
const params = (v: string) => ({ params: Promise.resolve({ version: v }) });

beforeAll(async () => {
  for (const role of ["auditor", "security", "infra", "comms"] as const) {
    const actor = await makeActor(role);
    tokens[role] = (await createApiToken({ actor, input: { name: `${role}-history`, expiresInDays: 30 } })).token;
  }
  const security = await makeActor("security");
  // Version 1 comes from the migrations, before any history: the first recorded one is compared with.
  // The recorder runs after commit (NOTIFY and a background job in the app): called here explicitly.
  await getDb().transaction((tx) => bumpPolicyVersion(tx, SYSTEM_ACTOR, "first recorded version"));
  await recordPendingPolicyVersions();
  ({ policyVersion: version } = await engageKillSwitch({
    actor: security,
    input: { scope: "global", reason: "history API test" },
  }));
  expect(await recordPendingPolicyVersions()).toMatchObject({ status: "recorded", version });
});

describe("/api/v1/policy-versions", () => {
  it("is readable by admin, security and the auditor only", () => {
    expect(ROLES.filter((r) => can(r, "policy_history:read"))).toEqual(["admin", "security", "auditor"]);
  });

  it("lists versions newest first and diffs one against its predecessor", async () => {
    const listed = await list(get("/api/v1/policy-versions?limit=1", tokens.auditor));
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { versions: { version: number }[]; nextBefore: number | null };
    expect(page.versions.map((v) => v.version)).toEqual([version]);
    const answered = await diff(
      get(`/api/v1/policy-versions/${version}/diff`, tokens.security),
      params(String(version)),
    );
    expect(answered.status).toBe(200);
    const body = (await answered.json()) as { lines: { text: string }[]; audit: { action: string }[] };
    expect(body.lines.map((l) => l.text)).toEqual(["kill switch on all mail (global) engaged: history API test"]);
    expect(body.audit.map((a) => a.action)).toEqual(["kill_switch.engage"]);
    const explicit = await diff(
      get(`/api/v1/policy-versions/${version}/diff?against=1`, tokens.auditor),
      params(String(version)),
    );
    expect(explicit.status).toBe(200);
    expect(await explicit.json()).toMatchObject({
      lines: null,
      unavailable: "The content of version 1 was not recorded (made before the policy history began, or not yet).",
    });
  });

  it("answers 401 without a valid token and 403 for infra and comms", async () => {
    expect((await list(get("/api/v1/policy-versions", "syapi_garbage"))).status).toBe(401);
    for (const role of ["infra", "comms"]) {
      const refused = await list(get("/api/v1/policy-versions", tokens[role]));
      expect(refused.status, role).toBe(403);
      expect((await diff(get("/api/v1/policy-versions/1/diff", tokens[role]), params("1"))).status, role).toBe(403);
    }
  });

  it("answers 422 naming the parameter for bad input, 404 for a version that does not exist", async () => {
    const cases: [Response, string][] = [
      [await list(get("/api/v1/policy-versions?limit=0", tokens.auditor)), "limit"],
      [await list(get("/api/v1/policy-versions?before=abc", tokens.auditor)), "before"],
      [await diff(get("/api/v1/policy-versions/abc/diff", tokens.auditor), params("abc")), "version"],
      [await diff(get("/api/v1/policy-versions/1/diff?against=-1", tokens.auditor), params("1")), "against"],
      [await diff(get("/api/v1/policy-versions/1/diff?against=x", tokens.auditor), params("1")), "against"],
    ];
    for (const [response, field] of cases) {
      expect(response.status, field).toBe(422);
      const body = (await response.json()) as { error: { fieldErrors: Record<string, string[]> } };
      expect(Object.keys(body.error.fieldErrors), field).toContain(field);
    }
    const missing = await diff(get("/api/v1/policy-versions/987654/diff", tokens.auditor), params("987654"));
    expect(missing.status).toBe(404);
    const missingAgainst = await diff(
      get(`/api/v1/policy-versions/${version}/diff?against=987654`, tokens.auditor),
      params(String(version)),
    );
    expect(missingAgainst.status).toBe(404);
  });
});
