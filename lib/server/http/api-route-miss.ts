import { API_OPERATIONS } from "@/lib/server/api/operations";

const API_PREFIX = "/api/v1/";
// The OpenAPI document itself is served beside the operations (public, not an operation).
const OPENAPI_DOCUMENT = { method: "GET", path: "/api/v1/openapi.json" };

interface RouteEntry {
  segments: string[];
  pattern: RegExp;
  methods: string[];
}

// One entry per path template of /api/v1, with its methods, from the operations the OpenAPI
// document is generated from: the routes on disk are checked against them (openapi-routes.test.ts).
function buildTable(): RouteEntry[] {
  const byPath = new Map<string, Set<string>>();
  for (const { method, path } of [...API_OPERATIONS, OPENAPI_DOCUMENT]) {
    if (!path.startsWith(API_PREFIX)) continue;
    byPath.set(path, (byPath.get(path) ?? new Set()).add(method));
  }
  return [...byPath].map(([path, methods]) => {
    const segments = path.split("/").slice(1);
    const source = segments
      .map((s) => (/^\{.+\}$/.test(s) ? "[^/]+" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
      .join("/");
    return { segments, pattern: new RegExp(`^/${source}$`), methods: [...methods] };
  });
}

let table: RouteEntry[] | undefined;

// Next picks a literal segment over a [param] one, left to right: so does this.
function moreSpecific(a: RouteEntry, b: RouteEntry): number {
  for (let i = 0; i < a.segments.length; i++) {
    const aParam = a.segments[i].startsWith("{") ? 1 : 0;
    const bParam = b.segments[i].startsWith("{") ? 1 : 0;
    if (aParam !== bParam) return aParam - bParam;
  }
  return 0;
}

// Next answers HEAD from GET, and OPTIONS with Allow, on every route.
function allowed(methods: string[]): string[] {
  return [...new Set([...methods, ...(methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"])];
}

// The JSON answer for an /api/v1 request no route takes: 404 for an unknown path, 405 with Allow
// for a known path and another method; null when a route answers it (Next would answer both with
// an HTML page or an empty body).
export function apiRouteMiss(method: string, pathname: string): Response | null {
  if (!`${pathname}/`.startsWith(API_PREFIX)) return null;
  table ??= buildTable();
  const [route] = table.filter((entry) => entry.pattern.test(pathname)).sort(moreSpecific);
  if (!route) {
    const message = `There is no ${pathname.slice(0, 200)} in this API. Every route is listed in ${OPENAPI_DOCUMENT.path}.`;
    return Response.json({ error: { code: "not_found", message } }, { status: 404 });
  }
  const upper = method.toUpperCase();
  const allow = allowed(route.methods);
  if (allow.includes(upper)) return null;
  const message = `${upper} is not allowed on ${pathname.slice(0, 200)}; it takes ${allow.join(", ")}.`;
  return Response.json(
    { error: { code: "method_not_allowed", message } },
    { status: 405, headers: { Allow: allow.join(", ") } },
  );
}
