// Bad input at every door of the foundation: each gets a clear 4xx or an error page, never a 500.
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { baseURL, demoCookie } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";

const MB = 1024 * 1024;
let admin: string;
let comms: string;

async function credentialsPost(body: BodyInit, contentType = "application/x-www-form-urlencoded") {
  const csrf = await fetch(`${baseURL()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const payload = typeof body === "string" ? `${body}&csrfToken=${encodeURIComponent(csrfToken)}` : body;
  return fetch(`${baseURL()}/api/auth/callback/credentials`, { method: "POST", redirect: "manual", headers: { "content-type": contentType, cookie }, body: payload });
}

const hasSession = (response: Response) => response.headers.getSetCookie().some((c) => c.startsWith("authjs.session-token=") && !c.startsWith("authjs.session-token=;"));

beforeAll(async () => {
  admin = await demoCookie("admin");
  comms = await demoCookie("comms");
});

describe("sign-in with bad input", () => {
  it.each([
    ["empty", "email=&password="],
    ["wrong", "email=admin%40switchyard.local&password=wrong"],
    ["huge (1 MB)", `email=${"a".repeat(MB)}%40x.io&password=${"b".repeat(MB)}`],
  ])("%s input is refused without a 500 and without a session", async (_name, body) => {
    const response = await credentialsPost(body);
    expect(response.status).toBeLessThan(500);
    expect(hasSession(response)).toBe(false);
  });

  it("non-UTF-8 bytes are refused without a 500", async () => {
    const bytes = Buffer.concat([Buffer.from("email="), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from("%40x.io&password=\xff\xfe")]);
    const response = await credentialsPost(new Uint8Array(bytes));
    expect(response.status).toBeLessThan(500);
    expect(hasSession(response)).toBe(false);
  });

  it("the sign-in action posted with something other than a form gets a message, not a 500", async () => {
    const action = buildServerActions().get("app/(login)/actions.ts#signInAction")!;
    const call = await postServerAction({ ...action, page: "/sign-in" }, [{}, { email: "admin@switchyard.local", password: "x" }]);
    expect(call.status).toBeLessThan(500);
    expect(call.body).toContain("Invalid sign-in request");
  });

  it("a 1 MB server action body is refused with a 4xx", async () => {
    const action = buildServerActions().get("app/(dashboard)/users/actions.ts#createUserAction")!;
    const call = await postServerAction(action, [{ email: "x@y.io", name: "z".repeat(MB), role: "comms" }], admin);
    expect(call.status).toBe(413);
    expect(call.body).toContain("payload_too_large");
  });
});

describe("sessions that are not what they claim", () => {
  it("a forged session cookie is treated as no session", async () => {
    const page = await fetch(`${baseURL()}/users`, { redirect: "manual", headers: { cookie: "authjs.session-token=forged.garbage.value" } });
    expect([302, 303, 307]).toContain(page.status);
    expect(page.headers.get("location")).toContain("/sign-in");
    const api = await fetch(`${baseURL()}/api/v1/audit`, { headers: { cookie: "authjs.session-token=forged.garbage.value" } });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("an expired (but correctly signed) session cookie is refused", async () => {
    process.env.SWITCHYARD_DATA_DIR = inject("dataDir");
    const { deriveKey } = await import("@/lib/config/secret");
    const secret = deriveKey("session").toString("base64url");
    const token = await encode({ token: { uid: "00000000-0000-4000-8000-000000000000", sv: 1 }, secret, salt: "authjs.session-token", maxAge: -60 });
    const api = await fetch(`${baseURL()}/api/v1/audit`, { headers: { cookie: `authjs.session-token=${token}` } });
    expect(api.status).toBe(401);
    // The same secret with a live expiry is accepted by the format, so the refusal above is the expiry.
    const live = await encode({ token: { uid: "00000000-0000-4000-8000-000000000000", sv: 1 }, secret, salt: "authjs.session-token", maxAge: 60 });
    const unknownUser = await fetch(`${baseURL()}/api/v1/audit`, { headers: { cookie: `authjs.session-token=${live}` } });
    expect(unknownUser.status).toBe(401);
  });
});

describe("route handlers", () => {
  it("answer 401 without a session, 403 without the permission, 422 naming a bad field", async () => {
    const anonymous = await fetch(`${baseURL()}/api/v1/audit`);
    expect(anonymous.status).toBe(401);
    const forbidden = await fetch(`${baseURL()}/api/v1/audit`, { headers: { cookie: comms } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toMatchObject({ error: { code: "forbidden" } });
    const bad = await fetch(`${baseURL()}/api/v1/audit?from=yesterday&limit=9999`, { headers: { cookie: admin } });
    expect(bad.status).toBe(422);
    const body = (await bad.json()) as { error: { code: string; fieldErrors: Record<string, string[]> } };
    expect(Object.keys(body.error.fieldErrors).sort()).toEqual(["from", "limit"]);
    const good = await fetch(`${baseURL()}/api/v1/audit?action=auth.`, { headers: { cookie: admin } });
    expect(good.status).toBe(200);
  });
});
