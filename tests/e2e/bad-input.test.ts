// Bad input at every door of the foundation: each gets a clear 4xx or an error page, never a 500.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { baseURL, demoCookie } from "./support/http-session";
import { buildServerActions, postServerAction } from "./support/server-actions";

const MB = 1024 * 1024;
let admin: string;
let comms: string;

async function credentialsPost(body: BodyInit, contentType = "application/x-www-form-urlencoded") {
  const csrf = await fetch(`${baseURL()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookie = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const payload = typeof body === "string" ? `${body}&csrfToken=${encodeURIComponent(csrfToken)}` : body;
  return fetch(`${baseURL()}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": contentType, cookie },
    body: payload,
  });
}

const hasSession = (response: Response) =>
  response.headers
    .getSetCookie()
    .some((c) => c.startsWith("authjs.session-token=") && !c.startsWith("authjs.session-token=;"));

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
    const bytes = Buffer.concat([
      Buffer.from("email="),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28]),
      Buffer.from("%40x.io&password=\xff\xfe"),
    ]);
    const response = await credentialsPost(new Uint8Array(bytes));
    expect(response.status).toBeLessThan(500);
    expect(hasSession(response)).toBe(false);
  });

  it("the sign-in action posted with something other than a form gets a message, not a 500", async () => {
    const action = buildServerActions().get("app/(login)/actions.ts#signInAction")!;
    const call = await postServerAction({ ...action, page: "/sign-in" }, [
      {},
      { email: "admin@switchyard.local", password: "x" },
    ]);
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
    const page = await fetch(`${baseURL()}/users`, {
      redirect: "manual",
      headers: { cookie: "authjs.session-token=forged.garbage.value" },
    });
    expect([302, 303, 307]).toContain(page.status);
    expect(page.headers.get("location")).toContain("/sign-in");
    const api = await fetch(`${baseURL()}/api/v1/audit`, {
      headers: { cookie: "authjs.session-token=forged.garbage.value" },
    });
    expect(api.status).toBe(401);
    expect(await api.json()).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("an expired (but correctly signed) session cookie is refused", async () => {
    process.env.SWITCHYARD_DATA_DIR = inject("dataDir");
    const { deriveKey } = await import("@/lib/server/config/secret");
    const secret = deriveKey("session").toString("base64url");
    const token = await encode({
      token: { uid: "00000000-0000-4000-8000-000000000000", sv: 1 },
      secret,
      salt: "authjs.session-token",
      maxAge: -60,
    });
    const api = await fetch(`${baseURL()}/api/v1/audit`, { headers: { cookie: `authjs.session-token=${token}` } });
    expect(api.status).toBe(401);
    // The same secret with a live expiry is accepted by the format, so the refusal above is the expiry.
    const live = await encode({
      token: { uid: "00000000-0000-4000-8000-000000000000", sv: 1 },
      secret,
      salt: "authjs.session-token",
      maxAge: 60,
    });
    const unknownUser = await fetch(`${baseURL()}/api/v1/audit`, {
      headers: { cookie: `authjs.session-token=${live}` },
    });
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

// Streams a body with Transfer-Encoding: chunked (no Content-Length), as a client that does not
// know the size up front would, in 64 KB pieces.
function chunked(bytes: Buffer): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(new Uint8Array(bytes.subarray(offset, offset + 64 * 1024)));
      offset += 64 * 1024;
    },
  });
}

const sameSite = () => ({ origin: baseURL() });
const uploadReport = (body: BodyInit, init: { chunked?: boolean; type?: string } = {}) =>
  fetch(`${baseURL()}/api/v1/dmarc-reports`, {
    method: "POST",
    headers: { cookie: admin, ...sameSite(), "content-type": init.type ?? "application/xml" },
    body,
    ...(init.chunked ? { duplex: "half" } : {}),
  } as RequestInit);

describe("raw bodies past their limit, whatever the framing", () => {
  const googleReport = (id: string) =>
    readFileSync(path.resolve("tests/fixtures/dmarc/google.xml"), "utf8").replace(
      /<report_id>[^<]*<\/report_id>/,
      `<report_id>${id}</report_id>`,
    );

  it("a DMARC report padded to 11 MB and sent chunked is refused with 413 and not stored", async () => {
    const id = `chunked-${Date.now()}`;
    const padded = Buffer.concat([Buffer.from(googleReport(id)), Buffer.alloc(11 * MB, 0x20)]);
    const response = await uploadReport(chunked(padded), { chunked: true });
    expect(response.status, await response.clone().text()).toBe(413);
    expect(await response.json()).toMatchObject({ error: { code: "payload_too_large" } });
    // Nothing was stored: the same report, small, is new.
    const small = await uploadReport(googleReport(id));
    expect(small.status).toBe(201);
  });

  it("11 MB of random bytes is refused with 413, chunked or with a Content-Length", async () => {
    const noise = randomBytes(11 * MB);
    const streamed = await uploadReport(chunked(noise), { chunked: true, type: "application/octet-stream" });
    expect(streamed.status).toBe(413);
    const sized = await uploadReport(noise, { type: "application/octet-stream" });
    expect(sized.status).toBe(413);
  });

  it("a 2 MB JSON body sent chunked is refused with 413", async () => {
    const body = Buffer.from(
      JSON.stringify({ domain: "x.example.com", algorithm: "ed25519", pad: "a".repeat(2 * MB) }),
    );
    const response = await fetch(`${baseURL()}/api/v1/domains`, {
      method: "POST",
      headers: { cookie: admin, ...sameSite(), "content-type": "application/json" },
      body: chunked(body),
      duplex: "half",
    } as RequestInit);
    expect(response.status).toBe(413);
  });

  it("a 1 MB server action body sent chunked is refused with 413; a small one still reaches the action", async () => {
    const action = buildServerActions().get("app/(dashboard)/users/actions.ts#createUserAction")!;
    const post = (input: unknown) =>
      fetch(`${baseURL()}${action.page}`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "next-action": action.id,
          "content-type": "text/plain;charset=UTF-8",
          accept: "text/x-component",
          ...sameSite(),
          cookie: admin,
        },
        body: chunked(Buffer.from(JSON.stringify([input]))),
        duplex: "half",
      } as RequestInit);
    const huge = await post({ email: "x@y.io", name: "z".repeat(MB), role: "comms" });
    expect(huge.status, (await huge.text()).slice(0, 300)).toBe(413);
    const small = await post({ email: "x@y.io", name: "Chunked", role: "no-such-role" });
    expect(small.status).toBe(200);
    expect(await small.text()).toContain("role");
  });

  it("a raw body with an undeclared media type gets 415 naming the accepted ones", async () => {
    const response = await uploadReport("<feedback/>", { type: "application/json" });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({
      error: { code: "unsupported_media_type", message: expect.stringContaining("application/xml, text/xml") },
    });
  });
});

describe("cross-site requests with the session cookie", () => {
  const domainsListed = async () => (await fetch(`${baseURL()}/api/v1/domains`, { headers: { cookie: admin } })).text();
  const addDomain = (
    domain: string,
    headers: Record<string, string>,
    body = JSON.stringify({ domain, algorithm: "ed25519" }),
  ) => fetch(`${baseURL()}/api/v1/domains`, { method: "POST", headers: { cookie: admin, ...headers }, body });

  it("refuses a change without Origin, from a foreign Origin, or not as JSON, and changes nothing", async () => {
    const domain = `csrf-${Date.now()}.example.com`;
    const noOrigin = await addDomain(domain, { "content-type": "application/json" });
    expect(noOrigin.status).toBe(403);
    expect(await noOrigin.json()).toMatchObject({
      error: { code: "forbidden", message: expect.stringContaining("Origin") },
    });
    const foreign = await addDomain(domain, { "content-type": "application/json", origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(await foreign.json()).toMatchObject({
      error: { code: "forbidden", message: expect.stringContaining("https://evil.example is not this site") },
    });
    // What a form on another site can send: text/plain or form data, here even with our Origin.
    const textPlain = await addDomain(domain, { "content-type": "text/plain", ...sameSite() });
    expect(textPlain.status).toBe(415);
    const form = await addDomain(
      domain,
      { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      `domain=${domain}&algorithm=ed25519`,
    );
    expect(form.status).toBe(403);
    const report = await fetch(`${baseURL()}/api/v1/dmarc-reports`, {
      method: "POST",
      headers: { cookie: admin, "content-type": "text/xml", origin: "https://evil.example" },
      body: "<feedback/>",
    });
    expect(report.status).toBe(403);
    expect(await domainsListed()).not.toContain(domain);
    // The same call from this site, as JSON, goes through.
    const good = await addDomain(domain, { "content-type": "application/json", ...sameSite() });
    expect(good.status, await good.clone().text()).toBe(201);
    expect(await domainsListed()).toContain(domain);
  });
});

describe("every /api/v1 answer is JSON", () => {
  it("an unknown path answers a JSON 404, signed in or not", async () => {
    for (const headers of [{}, { cookie: admin }] as Record<string, string>[]) {
      for (const path of ["/api/v1/nope", "/api/v1/senders/00000000-0000-4000-8000-000000000000/nope"]) {
        const response = await fetch(`${baseURL()}${path}`, { headers });
        expect(response.status, path).toBe(404);
        expect(response.headers.get("content-type")).toContain("application/json");
        expect(await response.json()).toMatchObject({
          error: { code: "not_found", message: expect.stringContaining("/api/v1/openapi.json") },
        });
      }
    }
  });

  it("a wrong method answers a JSON 405 with Allow", async () => {
    const response = await fetch(`${baseURL()}/api/v1/senders`, { method: "DELETE", headers: { cookie: admin } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(await response.json()).toMatchObject({ error: { code: "method_not_allowed" } });
    const upload = await fetch(`${baseURL()}/api/v1/dmarc-reports`);
    expect(upload.status).toBe(405);
    expect(upload.headers.get("allow")).toBe("POST, OPTIONS");
    expect(await upload.json()).toMatchObject({ error: { code: "method_not_allowed" } });
  });
});

describe("security headers", () => {
  const expectSecurityHeaders = (response: Response, where: string) => {
    expect(response.headers.get("content-security-policy"), where).toContain("frame-ancestors 'none'");
    expect(response.headers.get("x-frame-options"), where).toBe("DENY");
    expect(response.headers.get("x-content-type-options"), where).toBe("nosniff");
    expect(response.headers.get("referrer-policy"), where).toBeTruthy();
    expect(response.headers.get("permissions-policy"), where).toContain("camera=()");
  };

  it("are on pages, API answers (the proxy's too), the relay API and redirects; HSTS only over HTTPS", async () => {
    const page = await fetch(`${baseURL()}/sign-in`);
    expect(page.status).toBe(200);
    expectSecurityHeaders(page, "page");
    expect(page.headers.get("strict-transport-security")).toBeNull();
    expectSecurityHeaders(await fetch(`${baseURL()}/api/v1/audit`, { headers: { cookie: admin } }), "api");
    expectSecurityHeaders(await fetch(`${baseURL()}/api/v1/nope`), "api 404");
    // (The relays' policy poll is answered from node:http, not Next: scripts/serve-dashboard.ts.)
    expectSecurityHeaders(await fetch(`${baseURL()}/api/relay/v1/events`, { method: "POST" }), "relay api");
    expectSecurityHeaders(await fetch(`${baseURL()}/users`, { redirect: "manual" }), "redirect");
    const https = await fetch(`${baseURL()}/sign-in`, { headers: { "x-forwarded-proto": "https" } });
    expect(https.headers.get("strict-transport-security")).toMatch(/^max-age=\d{7,}/);
    // The page's own inline scripts still run under this CSP: nothing limits script-src.
    expect(page.headers.get("content-security-policy")).not.toMatch(/script-src|default-src/);
  });
});
