// What the relay benchmarks share: the optional CPU profiler preload for Haraka, a wait on a
// condition, and sending N messages over authenticated SMTP sessions to a relay under test.
import fs from "node:fs";
import path from "node:path";
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
