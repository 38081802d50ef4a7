// The dashboard's HTTP server in production (npm start runs it instead of `next start`): Next.js
// answers everything, except the relays' policy poll, which is answered straight from node:http
// by the app's own handler (lib/server/http/serve-policy-poll.ts, installed by instrumentation.ts in
// this process) — same code and answers as the route, without Next's per-request pipeline.
// It alone knows the socket address, so it stamps the client address on every request
// (lib/auth/client-ip.ts) for sign-in throttling, rate limits and the audit log.
//   PORT (3000), HOST (0.0.0.0), SWITCHYARD_TRUSTED_PROXIES (0: proxies in front that append X-Forwarded-For),
//   SWITCHYARD_API_RATE_LIMIT (600 API requests per minute per caller, across replicas)
import http from "node:http";
import next from "next";
import { CLIENT_IP_HEADER, clientAddressFrom, trustedProxiesFrom } from "@/lib/auth/client-ip";
import { apiRateLimitPerMinute } from "@/lib/server/config/api-rate-limit";
import type { DirectRoutes } from "@/lib/server/http/serve-policy-poll";
import { exitWithParent } from "./lib/exit-with-parent";

const PORT = Number(process.env.PORT || 3000);
const HOST = process.env.HOST || "0.0.0.0";
const POLICY_POLL_PATH = "/api/relay/v1/policy";

let TRUSTED_PROXIES: number;
try {
  TRUSTED_PROXIES = trustedProxiesFrom(process.env.SWITCHYARD_TRUSTED_PROXIES);
  // Read again per API request (lib/server/http/rate-limit.ts): a bad value refuses the start, not each request.
  apiRateLimitPerMinute();
} catch (error) {
  console.error(`[server] ${(error as Error).message}`);
  process.exit(1);
}

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

// Replaces any client-sent copy of the internal header (also in rawHeaders) with the address
// computed from the socket and the last trusted X-Forwarded-For hops.
function stampClientAddress(req: http.IncomingMessage): void {
  const address = clientAddressFrom({
    socketAddress: req.socket.remoteAddress,
    forwardedFor: req.headers["x-forwarded-for"],
    trustedProxies: TRUSTED_PROXIES,
  });
  const raw: string[] = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    if (req.rawHeaders[i].toLowerCase() !== CLIENT_IP_HEADER) raw.push(req.rawHeaders[i], req.rawHeaders[i + 1]);
  }
  delete req.headers[CLIENT_IP_HEADER];
  if (address) {
    req.headers[CLIENT_IP_HEADER] = address;
    raw.push(CLIENT_IP_HEADER, address);
  }
  req.rawHeaders.splice(0, req.rawHeaders.length, ...raw);
}

const server = http.createServer((req, res) => {
  stampClientAddress(req);
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

function stop(): void {
  server.close();
  server.closeAllConnections();
  process.exit(0);
}
for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, stop);
// Started by npm start: never left serving alone when it dies.
exitWithParent(stop);
