// The client address through the real dashboard server (scripts/serve-dashboard.ts, no proxy in
// front, SWITCHYARD_TRUSTED_PROXIES unset): a spoofed X-Forwarded-For or a forged internal header
// does not change the address that sign-in throttling and the audit log see.
import { describe, expect, it } from "vitest";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { baseURL, demoCookie } from "./support/http-session";

describe("client address behind the dashboard server", () => {
  it("audits a failed sign-in with the socket address, not the spoofed headers", async () => {
    const email = `spoof-${Date.now().toString(36)}@test.local`;
    const csrfResponse = await fetch(`${baseURL()}/api/auth/csrf`);
    const { csrfToken } = (await csrfResponse.json()) as { csrfToken: string };
    const csrfCookie = csrfResponse.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    await fetch(`${baseURL()}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        cookie: csrfCookie,
        "x-forwarded-for": "203.0.113.66",
        "x-real-ip": "203.0.113.67",
        [CLIENT_IP_HEADER]: "203.0.113.68",
      },
      body: new URLSearchParams({ email, password: "wrong password here", csrfToken }),
    });
    const response = await fetch(
      `${baseURL()}/api/v1/audit?${new URLSearchParams({ actor: email, action: "auth.sign_in_failed" })}`,
      { headers: { cookie: await demoCookie("admin") } },
    );
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as { entries: { ip: string | null }[] };
    expect(entries).toHaveLength(1);
    expect(entries[0].ip).toBe("127.0.0.1");
  });
});
