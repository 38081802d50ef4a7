// The dashboard's HTTP server in production (npm start runs it instead of `next start`): Next.js
// answers everything, except the relays' policy poll, which is answered straight from node:http
// by the app's own handler (lib/http/serve-policy-poll.ts, installed by instrumentation.ts in
// this process) — same code and answers as the route, without Next's per-request pipeline.
//   PORT (3000), HOST (0.0.0.0)
import http from "node:http";
import next from "next";
import type { DirectRoutes } from "@/lib/http/serve-policy-poll";

const PORT = Number(process.env.PORT || 3000);
const HOST = process.env.HOST || "0.0.0.0";
const POLICY_POLL_PATH = "/api/relay/v1/policy";

const app = next({ dev: false, dir: process.cwd(), hostname: HOST, port: PORT });
const handle = app.getRequestHandler();
await app.prepare();

// Next runs instrumentation.ts on the first request it handles: until then, Next answers everything.
const store = globalThis as typeof globalThis & { __switchyardDirectRoutes?: DirectRoutes };

function isPolicyPoll(req: http.IncomingMessage): boolean {
  if (req.method !== "GET" || !req.url?.startsWith(POLICY_POLL_PATH)) return false;
  const rest = req.url.slice(POLICY_POLL_PATH.length);
  return rest === "" || rest.startsWith("?");
}

const server = http.createServer((req, res) => {
  const direct = store.__switchyardDirectRoutes;
  const answered = direct && isPolicyPoll(req) ? direct.policyPoll(req, res) : handle(req, res);
  answered.catch((error: Error) => {
    console.error(`[server] ${req.method} ${req.url?.split("?")[0]} failed:`, error.message);
    if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
    res.end('{"error":{"code":"internal","message":"Internal error"}}');
  });
});
server.on("error", (error) => {
  console.error(`[server] cannot serve on ${HOST}:${PORT}: ${error.message}`);
  process.exit(1);
});
server.listen(PORT, HOST, () => console.log(`[server] listening on http://${HOST}:${PORT}`));

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  });
}
