import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import nodemailer from "nodemailer";
import { generateToken } from "../../../lib/server/secrets/token-format";
import { type RelayOptions, type RunningRelay, startRelay } from "../../../relay/launch";
import { type RunningSink, startSink } from "../../../relay/sink/sink-server";
import { listMessages, type SinkMessage } from "../../../relay/sink/sink-store";
import { ensureCertificate } from "../../../relay/tls-cert";
import { FakeControlPlane } from "./fake-control-plane";
import { type Fixture, makeFixture, type TestCredential } from "./policy-fixture";

// One fake control plane + one real Haraka relay + one real sink, on random loopback ports, in a
// throwaway directory. Tuned for tests: short backoffs so recovery is observed within seconds.

// Probes (synchronously or not) until it gives a value; every intervalMs, for at most timeoutMs.
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 20,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

// The relay's counters are per UTC minute: a test that counts starts at least marginMs before the
// minute turns (waiting for the next one if needed).
export async function awayFromMinuteEdge(marginMs: number): Promise<void> {
  const intoMinute = Date.now() % 60_000;
  if (intoMinute > 60_000 - marginMs) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
}

// One self-signed test certificate for all relay tests, kept in the temp directory and reused
// (generating an RSA key per relay costs seconds on a busy machine). Made in a private directory
// and renamed into place, so concurrent test runs never see half of it.
const SHARED_TLS_DIR = path.join(os.tmpdir(), "switchyard-relay-test-tls");
export async function seedCertificate(stateDir: string): Promise<void> {
  if (!fs.existsSync(path.join(SHARED_TLS_DIR, "tls", "cert.pem"))) {
    const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-tls-"));
    await ensureCertificate(fresh, "test-relay");
    try {
      fs.renameSync(fresh, SHARED_TLS_DIR);
    } catch {
      fs.rmSync(fresh, { recursive: true, force: true }); // another run got there first
    }
  }
  fs.cpSync(path.join(SHARED_TLS_DIR, "tls"), path.join(stateDir, "tls"), { recursive: true });
}

export interface Harness {
  fixture: Fixture;
  cp: FakeControlPlane;
  sink: RunningSink;
  relay: RunningRelay;
  dir: string;
  relayOptions: RelayOptions;
  startRelay(): Promise<RunningRelay>;
  waitForPolicy(version?: number): Promise<void>;
  sinkMessages(): SinkMessage[];
  transport(credential: TestCredential): nodemailer.Transporter;
  stop(): Promise<void>;
}

export async function startHarness(overrides: Partial<RelayOptions> = {}): Promise<Harness> {
  const fixture = makeFixture();
  const cp = new FakeControlPlane({ token: generateToken("relay"), snapshot: fixture.snapshot });
  await cp.start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-relay-"));
  const sink = await startSink({ host: "127.0.0.1", port: 0, dir: path.join(dir, "sink") });
  const relayOptions: RelayOptions = {
    name: "test-relay",
    controlUrl: cp.url,
    token: cp.token,
    listenHost: "127.0.0.1",
    listenPort: 0,
    smarthost: `127.0.0.1:${sink.port}`,
    stateDir: path.join(dir, "relay"),
    maxStalenessSeconds: 3600,
    pollMaxBackoffSeconds: 0.5,
    eventsMaxBackoffSeconds: 0.5,
    heartbeatIntervalSeconds: 1,
    tempFailIntervals: "5s",
    logLevel: "info",
    ...overrides,
  };
  const harness: Harness = {
    fixture,
    cp,
    sink,
    dir,
    relayOptions,
    relay: undefined as unknown as RunningRelay,
    async startRelay() {
      await seedCertificate(relayOptions.stateDir);
      harness.relay = await startRelay(relayOptions);
      return harness.relay;
    },
    async waitForPolicy(version = cp.version) {
      await waitFor(
        () => cp.heartbeats.some((h) => h.policyVersion === version),
        `relay to apply policy version ${version}`,
      );
    },
    sinkMessages: () => listMessages(sink.dir),
    transport: (credential) =>
      nodemailer.createTransport({
        host: "127.0.0.1",
        port: harness.relay.port,
        secure: false,
        requireTLS: true,
        tls: { rejectUnauthorized: false },
        auth: { user: credential.username, pass: credential.secret },
      }),
    async stop() {
      await harness.relay?.stop();
      await cp.stop();
      await sink.close();
      if (process.env.KEEP_RELAY_TEST_DIR) console.log(`relay test files kept in ${dir}`);
      else fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await harness.startRelay();
  await harness.waitForPolicy();
  return harness;
}

// nodemailer's sendMail, resolving to { code, response } for an accepted or a refused message.
export async function trySend(
  transport: nodemailer.Transporter,
  message: nodemailer.SendMailOptions,
): Promise<{ code: number; response: string }> {
  try {
    const info = await transport.sendMail(message);
    return { code: Number(String(info.response).slice(0, 3)), response: String(info.response) };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; message: string };
    if (!e.responseCode) throw err;
    return { code: e.responseCode, response: e.response ?? e.message };
  } finally {
    transport.close();
  }
}
