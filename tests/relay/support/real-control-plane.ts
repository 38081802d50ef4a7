// The real control plane's relay API in this process: the app's own route handlers
// (app/api/relay/v1/{events,heartbeat}) and its direct policy poll (lib/server/http/serve-policy-poll.ts)
// on node:http, over a fresh in-memory database with the migrations applied. Unlike
// FakeControlPlane, events really are ingested (rollups, detectors) and the snapshot really is
// built from the database (kill switches engaged by the domain code reach the relay).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RealControlPlane {
  url: string;
  stop(): Promise<void>;
}

type Handler = (request: Request) => Promise<Response>;

async function toRequest(req: http.IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
  return new Request(new URL(req.url ?? "/", base), {
    method: req.method,
    headers,
    body: req.method === "GET" || req.method === "HEAD" ? undefined : Buffer.concat(chunks),
  });
}

// Call once per process, before anything opens the database.
export async function startRealControlPlane(): Promise<RealControlPlane> {
  if (process.env.DATABASE_URL) throw new Error("the real control plane test uses its own in-memory database");
  process.env.SWITCHYARD_PGLITE_DIR = "memory://";
  process.env.SWITCHYARD_SECRET ??= "relay-test-secret-0123456789abcdef";
  const { runMigrations } = await import("@/db/migrate");
  await runMigrations();
  const { servePolicyPoll } = await import("@/lib/server/http/serve-policy-poll");
  const routes: Record<string, Handler> = {
    "POST /api/relay/v1/events": (await import("@/app/api/relay/v1/events/route")).POST,
    "POST /api/relay/v1/heartbeat": (await import("@/app/api/relay/v1/heartbeat/route")).POST,
  };
  let base = "";
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (req.method === "GET" && path === "/api/relay/v1/policy") {
      void servePolicyPoll(req, res);
      return;
    }
    const route = routes[`${req.method} ${path}`];
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { code: "not_found", message: `${req.method} ${path}` } }));
      return;
    }
    void (async () => {
      const response = await route(await toRequest(req, base));
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error) => {
      res.writeHead(500);
      res.end(String((error as Error).message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      const { closeDb } = await import("@/db/client");
      await closeDb();
    },
  };
}
