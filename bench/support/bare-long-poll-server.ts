import { type BareServer, spawnBareServer } from "./bare-server";

// The propagation bench's baseline: an in-memory policy version whose "engage" (any POST) bumps it
// and wakes every long-poll waiter at once — the floor of a fan-out on this machine.
const BARE_LONG_POLL_SERVER = `
const http = require("node:http");
let version = 1;
let waiters = [];
const body = () => JSON.stringify({ version, generatedAt: new Date().toISOString(), killSwitches: [], senders: [], domains: [] });
function answer(req, res) {
  const etag = '"' + version + '"';
  if (req.headers["if-none-match"] === etag) { res.writeHead(304, { ETag: etag, "Cache-Control": "no-store" }); res.end(); }
  else { res.writeHead(200, { ETag: etag, "Cache-Control": "no-store", "Content-Type": "application/json" }); res.end(body()); }
}
const server = http.createServer((req, res) => {
  if (req.method === "POST") {
    version++;
    const woken = waiters; waiters = [];
    for (const w of woken) { clearTimeout(w.timer); answer(w.req, w.res); }
    res.writeHead(201, { "Content-Type": "application/json" });
    return res.end(JSON.stringify({ policyVersion: version }));
  }
  const wait = Number(new URL(req.url, "http://x").searchParams.get("wait") || 0);
  if (wait && req.headers["if-none-match"] === '"' + version + '"') {
    const w = { req, res };
    w.timer = setTimeout(() => { waiters = waiters.filter((x) => x !== w); answer(req, res); }, wait * 1000);
    waiters.push(w);
    return;
  }
  answer(req, res);
});
server.keepAliveTimeout = 60000;
server.listen(0, "127.0.0.1", () => process.stdout.write("port=" + server.address().port + "\\n"));
process.on("SIGTERM", () => process.exit(0));
`;

export const startBareLongPollServer = (): Promise<BareServer> => spawnBareServer(BARE_LONG_POLL_SERVER);
