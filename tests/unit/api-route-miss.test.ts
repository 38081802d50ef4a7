// The proxy's answer for /api/v1 requests no route takes, derived from the operation list: JSON 404
// for an unknown path, JSON 405 with Allow for a known path and another method, nothing otherwise.
import { describe, expect, it } from "vitest";
import { API_OPERATIONS } from "@/lib/server/api/operations";
import { apiRouteMiss } from "@/lib/server/http/api-route-miss";

const ID = "00000000-0000-4000-8000-000000000000";
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, ID);

describe("apiRouteMiss", () => {
  it("lets every documented operation through, HEAD of a GET and OPTIONS too", () => {
    const management = API_OPERATIONS.filter((op) => op.path.startsWith("/api/v1/"));
    expect(management.length).toBeGreaterThan(20);
    for (const op of management) {
      expect(apiRouteMiss(op.method, concrete(op.path)), `${op.method} ${op.path}`).toBeNull();
      expect(apiRouteMiss("OPTIONS", concrete(op.path))).toBeNull();
    }
    expect(apiRouteMiss("GET", "/api/v1/openapi.json")).toBeNull();
    expect(apiRouteMiss("HEAD", "/api/v1/senders")).toBeNull();
    // Not the management API: left to its own routes.
    expect(apiRouteMiss("GET", "/api/auth/session")).toBeNull();
    expect(apiRouteMiss("GET", "/api/v10/senders")).toBeNull();
  });

  it("answers an unknown path with a JSON 404 naming the OpenAPI document", async () => {
    for (const path of [
      "/api/v1",
      "/api/v1/",
      "/api/v1/nope",
      `/api/v1/senders/${ID}/unknown`,
      "/api/v1/deliverability/export.csvx",
    ]) {
      const response = apiRouteMiss("GET", path);
      expect(response?.status, path).toBe(404);
      expect(response?.headers.get("content-type")).toContain("application/json");
      expect(await response?.json()).toEqual({
        error: { code: "not_found", message: expect.stringContaining("/api/v1/openapi.json") },
      });
    }
  });

  it("answers another method on a known path with a JSON 405 and Allow", async () => {
    const list = apiRouteMiss("DELETE", "/api/v1/senders");
    expect(list?.status).toBe(405);
    expect(list?.headers.get("allow")).toBe("GET, POST, HEAD, OPTIONS");
    expect(await list?.json()).toEqual({
      error: {
        code: "method_not_allowed",
        message: "DELETE is not allowed on /api/v1/senders; it takes GET, POST, HEAD, OPTIONS.",
      },
    });
    expect(apiRouteMiss("GET", "/api/v1/dmarc-reports")?.headers.get("allow")).toBe("POST, OPTIONS");
    expect(apiRouteMiss("PUT", `/api/v1/senders/${ID}`)?.headers.get("allow")).toBe("GET, PATCH, HEAD, OPTIONS");
    // A literal segment wins over a parameter, as in Next's router.
    expect(apiRouteMiss("POST", "/api/v1/deliverability/export.csv")?.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
  });
});
