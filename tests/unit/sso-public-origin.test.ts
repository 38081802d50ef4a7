import { NextRequest } from "next/server";
import { afterEach, describe, expect, it } from "vitest";
import { withPublicOrigin } from "@/lib/auth/sso/public-origin";

const request = (headers: Record<string, string>) =>
  new NextRequest("http://localhost:3000/api/auth/callback/sso?code=c&state=s", { headers });

describe("next-auth route handlers see the origin the browser used", () => {
  afterEach(() => {
    delete process.env.AUTH_URL;
  });

  it("takes the Host header, keeping path and query", async () => {
    expect((await withPublicOrigin(request({ host: "127.0.0.1:4321" }))).url).toBe(
      "http://127.0.0.1:4321/api/auth/callback/sso?code=c&state=s",
    );
  });

  it("takes a reverse proxy's X-Forwarded-Host and -Proto (first value)", async () => {
    const { url } = await withPublicOrigin(
      request({
        host: "10.0.0.5:3000",
        "x-forwarded-host": "switchyard.example.com",
        "x-forwarded-proto": "https, http",
      }),
    );
    expect(url).toBe("https://switchyard.example.com/api/auth/callback/sso?code=c&state=s");
  });

  it("leaves the request alone when AUTH_URL is set (next-auth applies it)", async () => {
    process.env.AUTH_URL = "https://auth.example.com";
    expect((await withPublicOrigin(request({ host: "127.0.0.1:4321" }))).url).toBe(
      "http://localhost:3000/api/auth/callback/sso?code=c&state=s",
    );
  });

  it("keeps the method and the form body of a POST", async () => {
    const post = new NextRequest("http://localhost:3000/api/auth/signin/sso", {
      method: "POST",
      headers: { host: "127.0.0.1:4321", "content-type": "application/x-www-form-urlencoded" },
      body: "csrfToken=t&callbackUrl=%2F",
    });
    const rebuilt = await withPublicOrigin(post);
    expect(rebuilt.method).toBe("POST");
    expect(await rebuilt.text()).toBe("csrfToken=t&callbackUrl=%2F");
  });
});
