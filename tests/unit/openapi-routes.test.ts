// Every route file under app/api/v1 and app/api/relay/v1 is in the OpenAPI document, with every
// method it exports, and the document lists nothing that has no route: an undocumented route fails.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { openApiDocument } from "@/lib/server/api/openapi";
import { API_OPERATIONS } from "@/lib/server/api/operations";

const ROOT = path.resolve(import.meta.dirname, "../..");
const API_ROOTS = ["app/api/v1", "app/api/relay/v1"];
// The document itself is public and not an operation.
const NOT_OPERATIONS = new Set(["GET /api/v1/openapi.json"]);
const HTTP_METHODS = /export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g;

function routeFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return routeFiles(rel);
    return /^route\.(ts|tsx|js)$/.test(entry.name) ? [rel] : [];
  });
}

// app/api/v1/senders/[id]/route.ts → /api/v1/senders/{id}
const urlPath = (file: string) =>
  `/${path.posix
    .dirname(file)
    .replace(/^app\//, "")
    .replace(/\[([^\]]+)\]/g, "{$1}")}`;

function routesOnDisk(): string[] {
  return API_ROOTS.flatMap(routeFiles).flatMap((file) => {
    const methods = [...readFileSync(path.join(ROOT, file), "utf8").matchAll(HTTP_METHODS)].map((m) => m[1]);
    expect(methods, `${file} exports no HTTP method`).not.toHaveLength(0);
    return methods.map((method) => `${method} ${urlPath(file)}`);
  });
}

function documented(): string[] {
  const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;
  return Object.entries(paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
}

describe("OpenAPI document covers every API route", () => {
  it("documents every method of every route file, and nothing else", () => {
    const onDisk = routesOnDisk().filter((route) => !NOT_OPERATIONS.has(route));
    const inDocument = documented();
    expect(
      onDisk.filter((route) => !inDocument.includes(route)),
      "routes missing from the OpenAPI document",
    ).toEqual([]);
    expect(
      inDocument.filter((route) => !onDisk.includes(route)),
      "documented operations without a route file",
    ).toEqual([]);
    expect(onDisk).toContain("PATCH /api/v1/senders/{id}");
    expect(onDisk).toContain("POST /api/v1/dkim-keys/{id}/retire");
  });

  it("has unique operation ids and a params schema naming every path parameter", () => {
    const ids = API_OPERATIONS.map((op) => op.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const op of API_OPERATIONS) {
      const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      expect(Object.keys(op.params?.shape ?? {}).sort(), op.id).toEqual(names);
    }
  });

  it("lists senders and domains first, with their permissions", () => {
    const summary = API_OPERATIONS.slice(0, 12).map((op) => `${op.method} ${op.path} ${op.permission}`);
    expect(summary).toEqual([
      "GET /api/v1/senders senders:read",
      "POST /api/v1/senders senders:register",
      "GET /api/v1/senders/{id} senders:read",
      "PATCH /api/v1/senders/{id} senders:update",
      "POST /api/v1/senders/{id}/decision senders:approve",
      "POST /api/v1/senders/{id}/status senders:lifecycle",
      "GET /api/v1/domains domains:read",
      "POST /api/v1/domains domains:manage",
      "GET /api/v1/domains/{id} domains:read",
      "POST /api/v1/domains/{id}/dkim-keys domains:manage",
      "POST /api/v1/domains/{id}/dkim-keys/rotate domains:manage",
      "POST /api/v1/dkim-keys/{id}/retire domains:manage",
    ]);
  });

  it("documents request bodies without the id that is in the path, optional list filters, and no private key in /api/v1", () => {
    const doc = openApiDocument();
    const paths = doc.paths as Record<
      string,
      Record<
        string,
        {
          requestBody?: {
            content: Record<
              string,
              {
                schema: {
                  properties?: Record<string, unknown>;
                  oneOf?: { properties: Record<string, unknown> }[];
                  anyOf?: { properties: Record<string, unknown> }[];
                };
              }
            >;
          };
        }
      >
    >;
    const bodyKeys = (p: string, m: string) => {
      const schema = paths[p][m].requestBody?.content["application/json"].schema;
      const variants = schema?.oneOf ?? schema?.anyOf ?? [schema ?? {}];
      return variants.flatMap((v) => Object.keys(v.properties ?? {}));
    };
    expect(bodyKeys("/api/v1/senders/{id}", "patch")).not.toContain("senderId");
    expect(bodyKeys("/api/v1/senders/{id}", "patch")).toContain("allowedCidrs");
    expect(bodyKeys("/api/v1/senders/{id}/decision", "post").sort()).toEqual(["comment", "decision", "revision"]);
    expect(bodyKeys("/api/v1/senders/{id}/change-requests/{requestId}/decision", "post").sort()).toEqual([
      "comment",
      "decision",
      "revision",
    ]);
    expect(Object.keys((paths["/api/v1/senders/{id}"].patch as unknown as { responses: object }).responses)).toEqual(
      expect.arrayContaining(["200", "202"]),
    );
    const statusKeys = bodyKeys("/api/v1/senders/{id}/status", "post");
    expect(statusKeys).toContain("action");
    expect(statusKeys).not.toContain("senderId");
    expect(bodyKeys("/api/v1/domains/{id}/dkim-keys", "post")).not.toContain("domainId");
    expect(bodyKeys("/api/v1/domains/{id}/dkim-keys/rotate", "post")).toContain("overlapDays");
    expect(bodyKeys("/api/v1/dkim-keys/{id}/retire", "post")).toEqual(["reason"]);
    // The relay snapshot carries signing keys to relays; the management API never does.
    const management = Object.entries(paths).filter(([p]) => p.startsWith("/api/v1/"));
    expect(JSON.stringify(management).toLowerCase()).not.toContain("privatekey");
    const listParams = (
      paths["/api/v1/senders"].get as unknown as { parameters: { name: string; required: boolean }[] }
    ).parameters;
    expect(listParams.filter((p) => p.required)).toEqual([]);
  });
});
