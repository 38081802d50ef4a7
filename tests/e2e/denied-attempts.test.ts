// Refusals through the real production server are counted on every surface: a forbidden server
// action (ui), a forbidden page (page) and a forbidden API call (api), visible to an auditor.
import { describe, expect, it } from "vitest";
import { baseURL, demoCookie } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";

interface Row {
  permission: string;
  surface: string;
  count: number;
  actorRole: string | null;
}

async function deniedFor(actor: string, auditorCookie: string): Promise<Row[]> {
  const response = await fetch(`${baseURL()}/api/v1/denied-attempts?${new URLSearchParams({ actor, limit: "200" })}`, {
    headers: { cookie: auditorCookie },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: Row[] }).rows;
}

const total = (rows: Row[], permission: string, surface: string) =>
  rows.filter((r) => r.permission === permission && r.surface === surface).reduce((n, r) => n + r.count, 0);

describe("denied attempts through the real server", () => {
  it("counts a forbidden action, page and API call of the comms user", async () => {
    const comms = await demoCookie("comms");
    const auditor = await demoCookie("auditor");
    const before = await deniedFor("comms@switchyard.local", auditor);

    const action = buildServerActions().get("app/(dashboard)/recertification/actions.ts#startCampaignAction")!;
    const call = await postServerAction(action, [{ dueWithinDays: 30 }], comms);
    expect(call.status).toBeLessThan(500);
    expect(call.body).toContain('"forbidden"');

    const page = await fetch(`${baseURL()}/audit/denied`, { headers: { cookie: comms }, redirect: "manual" });
    expect(page.status).toBe(403);

    const api = await fetch(`${baseURL()}/api/v1/recertifications`, { headers: { cookie: comms } });
    expect(api.status).toBe(403);

    const after = await deniedFor("comms@switchyard.local", auditor);
    expect(total(after, "recertification:manage", "ui") - total(before, "recertification:manage", "ui")).toBe(1);
    expect(total(after, "audit:read", "page") - total(before, "audit:read", "page")).toBe(1);
    expect(total(after, "recertification:read", "api") - total(before, "recertification:read", "api")).toBe(1);
    expect(after.every((r) => r.actorRole === "comms")).toBe(true);

    // The view itself answers security and auditors, not comms.
    expect((await fetch(`${baseURL()}/audit/denied`, { headers: { cookie: auditor } })).status).toBe(200);
    expect((await fetch(`${baseURL()}/recertification`, { headers: { cookie: auditor } })).status).toBe(200);
  });
});
