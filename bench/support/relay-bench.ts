// What the relay benchmarks share: the optional CPU profiler preload for Haraka, a wait on a
// condition, and sending N messages over authenticated SMTP sessions to a relay under test.
import fs from "node:fs";
import path from "node:path";
import { ini } from "../../relay/haraka-instance";
import { SmtpSession } from "../../tests/relay/support/smtp-session";

export interface RelayTarget {
  pid: number;
  port: number;
  user: string;
  pass: string;
  stop(): Promise<void>;
}

const PROFILER_PRELOAD = `
const { Session } = require('node:inspector'); const fs = require('node:fs')
const session = new Session(); session.connect(); let running = false
process.on('SIGUSR2', () => {
  if (!running) { running = true; session.post('Profiler.enable', () => session.post('Profiler.start')); return }
  running = false
  session.post('Profiler.stop', (err, r) => { if (!err) fs.writeFileSync(process.env.BENCH_PROFILE_FILE, JSON.stringify(r.profile)) })
})
`;

// BENCH_CPU_PROF=<dir>: node refuses --cpu-prof in NODE_OPTIONS, so Haraka gets a preload that
// profiles between two SIGUSR2. Returns the profile directory, or null when not profiling.
export function installProfilerPreload(workDir: string): string | null {
  const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : null;
  if (!profileDir) return null;
  fs.mkdirSync(profileDir, { recursive: true });
  const preload = path.join(workDir, "profiler-preload.cjs");
  fs.writeFileSync(preload, PROFILER_PRELOAD);
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --require ${preload}`.trim();
  return profileDir;
}

export async function waitUntil(probe: () => boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 5));
  }
}

// Sends `count` messages over `connections` parallel authenticated sessions; every one must be
// accepted (250). Resolves with the milliseconds it took until the last was accepted.
export async function sendOverSessions(
  target: RelayTarget,
  { count, connections, body }: { count: number; connections: number; body: string },
): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async (_, c) => {
      const { session } = await SmtpSession.connect("127.0.0.1", target.port);
      const auth = await session.login(target.user, target.pass);
      if (auth.code !== 235) throw new Error(`AUTH failed: ${auth.code} ${auth.text}`);
      while (next < count) {
        const i = next++;
        const reply = await session.send({
          from: "invoices@billing.example",
          to: `customer${c}@example.net`,
          subject: `bench ${i}`,
          body,
        });
        if (reply.code !== 250) throw new Error(`message ${i}: ${reply.code} ${reply.text}`);
      }
      await session.quit();
    }),
  );
  return performance.now() - started;
}

// The stock Haraka a relay benchmark compares with: Nagle off, no reverse DNS, every message to the
// bench sink (BENCH_SINK_PORT), no bounces, and the launcher's readiness line.
export const BASELINE_PLUGIN = `
exports.hook_connect_init = (next, connection) => { connection.client.targetsocket.setNoDelay(true); next() }
exports.hook_lookup_rdns = (next, connection) => next(OK, connection.remote.ip)
exports.hook_get_mx = function (next) { next(OK, { exchange: '127.0.0.1', port: Number(process.env.BENCH_SINK_PORT), priority: 0 }) }
exports.hook_bounce = (next) => next(OK)
exports.hook_init_master = (next, server) => {
  const a = server.listeners[0].address(); process.stdout.write('baseline ready listen=' + a.address + ':' + a.port + '\\n'); next()
}
`;

// Its config: PLAIN/LOGIN for the bench user, and Haraka's own dkim plugin signing as the relay does
// (the plugin runs only where it is listed).
export function stockHarakaConfig(key: { selector: string; privateKeyPem: string }): Record<string, string> {
  return {
    "auth_flat_file.ini": ini({ core: { methods: "PLAIN,LOGIN" }, users: { bench: "bench-secret" } }),
    "dkim.ini": ini({
      sign: {
        enabled: true,
        domain: "billing.example",
        selector: key.selector,
        headers: "From,Subject,Date,Message-ID,To",
      },
      canon: { body: "relaxed" },
      verify: { enabled: false },
    }),
    "dkim.private.key": key.privateKeyPem,
  };
}
