// Starts Switchyard the way a user does (scripts/start.ts: build if needed, migrate, seed, serve)
// on a free port with a throwaway embedded database, and stops it after the e2e run.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { portFor } from "../../../scripts/lib/free-port";
import { type DnsTestServer, startDnsServer } from "../../support/dns-server";

const READY_TIMEOUT_MS = 540_000;

let child: ChildProcess | undefined;
let dns: DnsTestServer | undefined;

// The demo domains as a DNS zone: good SPF and DMARC, so posture checks answer fast and offline.
const DEMO_ZONES = Object.fromEntries(
  ["shop.example.com", "billing.example.com", "notify.example.com"].flatMap((domain) => [
    [domain, { TXT: ["v=spf1 ip4:192.0.2.10 -all"] }],
    [`_dmarc.${domain}`, { TXT: [`v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@example.com`] }],
  ]),
);

export async function setup(project: TestProject) {
  const port = await portFor(0);
  const relayPort = await portFor(0);
  const sinkPort = await portFor(0);
  dns = await startDnsServer(DEMO_ZONES);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-e2e-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    SWITCHYARD_DATA_DIR: dataDir,
    RELAY_PORT: String(relayPort),
    SINK_PORT: String(sinkPort),
    SWITCHYARD_DNS_SERVERS: dns.address,
  };
  delete env.DATABASE_URL;
  let output = "";
  child = spawn(path.resolve("node_modules/.bin/tsx"), ["scripts/start.ts"], {
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`Switchyard did not start within ${READY_TIMEOUT_MS / 1000} s:\n${output}`)),
      READY_TIMEOUT_MS,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Switchyard is running.")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child!.stdout!.on("data", onData);
    child!.stderr!.on("data", onData);
    child!.on("exit", (code) => reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`)));
  });
  await ready;
  project.provide("baseURL", `http://127.0.0.1:${port}`);
  project.provide("dataDir", dataDir);
  project.provide("relayPort", relayPort);
}

export async function teardown() {
  await dns?.close();
  if (child?.pid) {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      // already stopped
    }
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    baseURL: string;
    dataDir: string;
    relayPort: number;
  }
}
