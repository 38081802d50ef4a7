import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { quarantineReportSchema, quarantineSettledSchema } from "@/lib/relay-contract/schemas";

// The relay's quarantine without Haraka: the store survives a restart (and a crash mid-write),
// reports are retried until acknowledged, commands act once and are answered again when repeated,
// an interrupted release is resolved from the outbound queue, ids of other relays are left alone.

const require = createRequire(import.meta.url);
const { QuarantineStore } =
  require("../../relay/plugin/lib/quarantine-store.js") as typeof import("../../relay/plugin/lib/quarantine-store.js");
const { Quarantine } =
  require("../../relay/plugin/lib/quarantine.js") as typeof import("../../relay/plugin/lib/quarantine.js");
const { wireLines } =
  require("../../relay/plugin/lib/outbound-inject.js") as typeof import("../../relay/plugin/lib/outbound-inject.js");
const { domainRequiresTls, installForceTls } =
  require("../../relay/plugin/lib/tls-enforcement.js") as typeof import("../../relay/plugin/lib/tls-enforcement.js");

type Entry = import("../../relay/plugin/lib/quarantine-store.js").QuarantineEntry;

const quiet = { debug() {}, info() {}, notice() {}, warn() {}, error() {} };
const dirs: string[] = [];
const servers: http.Server[] = [];
const running: InstanceType<typeof Quarantine>[] = [];
afterEach(async () => {
  // Stopped, and their last metadata writes finished, before their directories go.
  for (const q of running.splice(0)) {
    q.stop();
    await until(() => q.store.writes.size === 0 && q.busy.size === 0, "the quarantine to settle");
  }
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});
function tempDir() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-quarantine-"));
  dirs.push(dir);
  return dir;
}

function entry(overrides: Partial<Entry> = {}): Entry {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    state: "held",
    queueId: "Q1",
    messageId: "<m1@billing.example>",
    senderId: randomUUID(),
    credentialId: randomUUID(),
    from: "invoices@billing.example",
    recipients: ["a@example.net"],
    subject: "Payment",
    sizeBytes: 10,
    verdict: 'quarantined by "Cards"',
    findings: [
      {
        kind: "dlp",
        ruleName: "Cards",
        action: "quarantine",
        where: "text",
        count: 1,
        samples: [{ redacted: "**** 1111", context: "card **** 1111" }],
      },
    ],
    headers: [["Subject", "Payment"]],
    receivedAt: now,
    notes: {},
    reported: false,
    reportRefused: null,
    releasedQueueId: null,
    unsettled: [],
    updatedAt: now,
    ...overrides,
  };
}

// A control plane of POST /quarantine and /settled, answering `status()` (200 unless changed).
async function controlPlane(status: () => number = () => 200) {
  const got = { reports: [] as unknown[], settled: [] as { id: string; outcome: string; queueId?: string | null }[] };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const code = status();
      if (code === 200) {
        const body = JSON.parse(Buffer.concat(chunks).toString());
        const settled = /\/quarantine\/([0-9a-f-]{36})\/settled$/.exec(req.url ?? "");
        if (settled) got.settled.push({ id: settled[1], ...quarantineSettledSchema.parse(body) });
        else got.reports.push(quarantineReportSchema.parse(body));
      }
      res.writeHead(code).end("{}");
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, got };
}

// Every step fsyncs a file and its directory: generous bounds for a busy disk.
const until = async (probe: () => boolean, what: string) => {
  const deadline = Date.now() + 15_000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

function manager(dir: string, url: string, outbound = fakeOutbound()) {
  const store = new QuarantineStore({ dir, log: quiet }).open();
  const q = new Quarantine({
    settings: { controlUrl: url, token: "t", eventsMaxBackoffMs: 200 },
    store,
    outbound,
    log: quiet,
  });
  running.push(q);
  return { q, store, outbound };
}

function fakeOutbound(queued: Map<string, string> = new Map()) {
  const injected: string[] = [];
  return {
    injected,
    queued,
    inject: async (e: Entry) => {
      injected.push(e.id);
      queued.set(e.id, e.id);
      return e.id;
    },
    findQueued: async (id: string) => queued.get(id) ?? null,
  };
}

describe("quarantine store", () => {
  it("keeps held messages across a restart; a crash's temporary files go, metadata without its message is set aside", async () => {
    const dir = tempDir();
    const store = new QuarantineStore({ dir, log: quiet }).open();
    const held = entry();
    await store.hold(Buffer.from("Subject: Payment\r\n\r\nbody\r\n"), held);
    fs.writeFileSync(path.join(dir, `${randomUUID()}.json.123.tmp`), "half");
    const orphan = entry();
    fs.writeFileSync(path.join(dir, `${orphan.id}.json`), JSON.stringify(orphan));
    const reopened = new QuarantineStore({ dir, log: quiet }).open();
    expect(reopened.all().map((e) => e.id)).toEqual([held.id]);
    expect((await reopened.readMessage(held.id)).toString()).toContain("body");
    expect(fs.readdirSync(dir).some((n) => n.endsWith(".tmp"))).toBe(false);
    expect((fs.statSync(path.join(dir, `${held.id}.eml`)).mode & 0o777).toString(8)).toBe("600");
  });
});

describe("quarantine reports and commands", { timeout: 30_000 }, () => {
  it("retries a report until the control plane acknowledges it, then settles a release once", async () => {
    let code = 503;
    const cp = await controlPlane(() => code);
    const { q, store, outbound } = manager(tempDir(), cp.url);
    await q.start();
    const held = entry();
    await q.hold(Buffer.from("Subject: x\r\n\r\ny\r\n"), held);
    await new Promise((r) => setTimeout(r, 300));
    expect(cp.got.reports).toHaveLength(0);
    code = 200;
    await until(() => store.get(held.id)?.reported === true, "the report acknowledged");
    expect(cp.got.reports).toHaveLength(1);

    const release = { id: held.id, relayId: randomUUID(), action: "release" as const };
    q.onCommands([release]);
    await until(() => cp.got.settled.length === 1, "settled released");
    expect(cp.got.settled[0]).toMatchObject({ id: held.id, outcome: "released", queueId: held.id });
    expect(outbound.injected).toEqual([held.id]);
    // repeated: answered again, not injected again
    q.onCommands([release]);
    await until(() => cp.got.settled.length === 2, "settled again");
    expect(outbound.injected).toEqual([held.id]);
    // delivered (all recipients) → settled delivered
    await q.delivered(held.id, ["A@example.net"]);
    await until(() => cp.got.settled.some((s) => s.outcome === "delivered"), "settled delivered");
    expect(store.get(held.id)?.state).toBe("delivered");
  });

  it("leaves other relays' ids alone and answers a delete after a release with what happened", async () => {
    const cp = await controlPlane();
    const { q, outbound } = manager(tempDir(), cp.url);
    await q.start();
    q.onCommands([{ id: randomUUID(), relayId: randomUUID(), action: "release" }]);
    const held = entry();
    await q.hold(Buffer.from("Subject: x\r\n\r\ny\r\n"), held);
    q.onCommands([{ id: held.id, relayId: randomUUID(), action: "release" }]);
    await until(() => cp.got.settled.length === 1, "settled released");
    q.onCommands([{ id: held.id, relayId: randomUUID(), action: "delete" }]);
    await until(() => cp.got.settled.length === 2, "answered again");
    expect(cp.got.settled.map((s) => s.outcome)).toEqual(["released", "released"]);
    expect(outbound.injected).toEqual([held.id]);
  });

  it("a release the outbound queue refused stays held and is tried again later, once", async () => {
    const cp = await controlPlane();
    const outbound = fakeOutbound();
    let refuse = true;
    const inject = outbound.inject;
    outbound.inject = async (e: Entry) => {
      if (refuse) throw new Error("queue full");
      return inject(e);
    };
    const { q, store } = manager(tempDir(), cp.url, outbound);
    await q.start();
    const held = entry();
    await q.hold(Buffer.from("Subject: x\r\n\r\ny\r\n"), held);
    q.onCommands([{ id: held.id, relayId: randomUUID(), action: "release" }]);
    await until(() => !q.busy.has(held.id), "the failed release");
    expect(store.get(held.id)?.state).toBe("held");
    refuse = false;
    q.retryCommands(Date.now() + 60_000);
    await until(() => cp.got.settled.length === 1, "the release after the retry");
    expect(outbound.injected).toEqual([held.id]);
  });

  it("resolves a release a crash interrupted: queued → released; not queued → held again", async () => {
    const cp = await controlPlane();
    const dir = tempDir();
    const store = new QuarantineStore({ dir, log: quiet }).open();
    const queuedOne = entry({ state: "releasing", reported: true });
    const lostOne = entry({ state: "releasing", reported: true });
    await store.hold(Buffer.from("a"), queuedOne);
    await store.hold(Buffer.from("b"), lostOne);
    const { q, store: reopened } = manager(dir, cp.url, fakeOutbound(new Map([[queuedOne.id, queuedOne.id]])));
    await q.start();
    expect(reopened.get(queuedOne.id)?.state).toBe("released");
    expect(reopened.get(lostOne.id)?.state).toBe("held");
    await until(() => cp.got.settled.length === 1, "the released notice");
    expect(cp.got.settled[0]).toMatchObject({ id: queuedOne.id, outcome: "released" });
  });
});

describe("release and TLS helpers", () => {
  it("writes a released message in wire form: CRLF lines, a leading dot doubled", () => {
    const lines = wireLines(Buffer.from("Subject: x\n\n.hidden\r\nlast"));
    expect(Buffer.concat(lines).toString()).toBe("Subject: x\r\n\r\n..hidden\r\nlast\r\n");
  });

  it("matches TLS-required domains and their subdomains, and wraps get_force_tls once", () => {
    const required = new Set(["secure.example"]);
    expect(domainRequiresTls(required, "secure.example")).toBe(true);
    expect(domainRequiresTls(required, "MX.Secure.Example.")).toBe(true);
    expect(domainRequiresTls(required, "notsecure.example")).toBe(false);
    class Item {
      todo = { domain: "other.example", notes: {} as { switchyard_require_tls?: boolean } };
      get_force_tls(_mx: unknown) {
        return false;
      }
    }
    expect(installForceTls(Item, () => required)).toBe(true);
    expect(installForceTls(Item, () => required)).toBe(false);
    const item = new Item();
    expect(item.get_force_tls({})).toBe(false);
    item.todo.notes.switchyard_require_tls = true;
    expect(item.get_force_tls({})).toBe(true);
    item.todo = { domain: "a.secure.example", notes: {} };
    expect(item.get_force_tls({})).toBe(true);
  });
});
