// A change made with the dashboard session cookie must come from this site, as JSON (unless the
// operation takes a raw body); declared media types of raw bodies are checked for every caller.
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { requireMediaType } from "@/lib/server/http/media-type";
import { requireSameSiteSessionCall } from "@/lib/server/http/require-same-site";

const request = (method: string, headers: Record<string, string>) =>
  new Request("http://switchyard.internal:3000/api/v1/domains", { method, headers });
const failure = (run: () => void) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error("expected a refusal");
};
const json = { "content-type": "application/json" };

describe("requireSameSiteSessionCall", () => {
  it("lets a same-origin JSON change and any read through", () => {
    expect(() =>
      requireSameSiteSessionCall(request("POST", { ...json, origin: "http://switchyard.internal:3000" }), {
        rawBody: false,
      }),
    ).not.toThrow();
    expect(() =>
      requireSameSiteSessionCall(
        request("PATCH", { ...json, origin: "https://ops.example.com", "x-forwarded-host": "ops.example.com" }),
        { rawBody: false },
      ),
    ).not.toThrow();
    expect(() =>
      requireSameSiteSessionCall(request("GET", { origin: "https://evil.example" }), { rawBody: false }),
    ).not.toThrow();
    // A raw body is not JSON: its own media types are checked elsewhere, the Origin still here.
    expect(() =>
      requireSameSiteSessionCall(
        request("POST", { "content-type": "application/gzip", origin: "http://switchyard.internal:3000" }),
        { rawBody: true },
      ),
    ).not.toThrow();
  });

  it("refuses a change with no Origin, a foreign Origin or an opaque one with 403", () => {
    const missing = failure(() => requireSameSiteSessionCall(request("POST", json), { rawBody: false }));
    expect(missing).toMatchObject({ code: "forbidden", message: expect.stringContaining("no Origin header") });
    const foreign = failure(() =>
      requireSameSiteSessionCall(request("DELETE", { ...json, origin: "https://evil.example" }), { rawBody: true }),
    );
    expect(foreign).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("Origin https://evil.example is not this site (switchyard.internal:3000)"),
    });
    expect(
      failure(() => requireSameSiteSessionCall(request("POST", { ...json, origin: "null" }), { rawBody: false })).code,
    ).toBe("forbidden");
    // Same host name, other port: another origin.
    expect(
      failure(() =>
        requireSameSiteSessionCall(request("POST", { ...json, origin: "http://switchyard.internal:4000" }), {
          rawBody: false,
        }),
      ).code,
    ).toBe("forbidden");
  });

  it("refuses a same-origin change that is not JSON (a cross-site form's types) with 415", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      const headers: Record<string, string> = {
        origin: "http://switchyard.internal:3000",
        ...(type ? { "content-type": type } : {}),
      };
      expect(
        failure(() => requireSameSiteSessionCall(request("POST", headers), { rawBody: false })),
        type,
      ).toMatchObject({ code: "unsupported_media_type", status: 415 });
    }
  });
});

describe("requireMediaType", () => {
  it("accepts a listed type whatever its parameters and case, and names the list otherwise", () => {
    expect(
      requireMediaType(request("POST", { "content-type": "Text/XML; charset=UTF-8" }), ["application/xml", "text/xml"]),
    ).toBe("text/xml");
    const refused = failure(() =>
      requireMediaType(request("POST", { "content-type": "application/json" }), ["application/xml", "text/xml"]),
    );
    expect(refused).toMatchObject({
      status: 415,
      message: "Send the body with Content-Type application/xml, text/xml (not application/json).",
      fieldErrors: { "content-type": ["must be one of: application/xml, text/xml"] },
    });
    expect(failure(() => requireMediaType(request("POST", {}), ["text/xml"])).message).toContain("not no Content-Type");
  });
});
