import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { killSwitch, makeFixture } from "./support/policy-fixture";
import { waitFor } from "./support/relay-harness";
import { quietLog as quiet, tempDirsRemovedAfterEach } from "./support/scratch";

// The plugin's pure parts without Haraka: policy index, rules, rate limiter, spool. The plugin is
// plain CommonJS (what Haraka loads), so it is loaded with require.

const require = createRequire(import.meta.url);
const { buildPolicyIndex } = require("../../relay/plugin/lib/policy-index.js");
const { checkSession, checkFrom } = require("../../relay/plugin/lib/checks.js");
const { verifyCredential } = require("../../relay/plugin/lib/credentials.js");
const { RateLimiter } = require("../../relay/plugin/lib/rate-limiter.js");
const { EventSpool } = require("../../relay/plugin/lib/event-spool.js");
const { PolicyState } = require("../../relay/plugin/lib/policy-state.js");

const tempDir = tempDirsRemovedAfterEach("switchyard-plugin-");

describe("policy rules", () => {
  const { snapshot, creds, ids } = makeFixture();
  const now = Date.now();

  it("verifies a secret against its SHA-256 verifier and refuses wrong, unknown and expired ones", () => {
    const index = buildPolicyIndex(snapshot);
    expect(verifyCredential(index, creds.billing.username, creds.billing.secret, now)).toMatchObject({ ok: true });
    expect(verifyCredential(index, creds.billing.username, "sysmtp_wrong", now)).toMatchObject({
      ok: false,
      why: "wrong secret",
    });
    expect(verifyCredential(index, "nobody", creds.billing.secret, now)).toMatchObject({
      ok: false,
      why: "unknown username",
    });
    expect(verifyCredential(index, creds.billingExpired.username, creds.billingExpired.secret, now)).toMatchObject({
      ok: false,
      why: "credential expired",
    });
  });

  it("applies sender and credential CIDRs (IPv4, IPv4-mapped and IPv6)", () => {
    const narrowed = structuredClone(snapshot);
    narrowed.senders[0].cidrs = ["10.0.0.0/8", "2001:db8::/32"];
    narrowed.senders[0].credentials[0].cidrs = ["10.1.0.0/16"];
    const index = buildPolicyIndex(narrowed);
    const at = (ip: string) =>
      checkSession(index, { username: creds.billing.username, ip }, now).verdict?.reason ?? "ok";
    expect(at("10.1.2.3")).toBe("ok");
    expect(at("::ffff:10.1.2.3")).toBe("ok");
    expect(at("10.2.0.1")).toBe("source"); // in the sender's network, outside the credential's
    expect(at("192.0.2.1")).toBe("source");
  });

  it("allows From addresses by domain, exact address and *@domain", () => {
    const custom = structuredClone(snapshot);
    custom.senders[0].fromDomains = ["billing.example", "shop.example"];
    custom.senders[0].fromAddresses = ["invoices@billing.example", "*@shop.example"];
    const index = buildPolicyIndex(custom);
    const sender = index.senders.get(ids.billing);
    const check = (a: string) =>
      checkFrom(index, { sender, credential: null, addresses: [a], label: "From" }, now)?.reason ?? "ok";
    expect(check("Invoices@Billing.Example")).toBe("ok");
    expect(check("anyone@shop.example")).toBe("ok");
    expect(check("other@billing.example")).toBe("domain");
    expect(check("x@evil.example")).toBe("domain");
  });

  it("honours kill-switch precedence, subdomains and expiry", () => {
    const killed = structuredClone(snapshot);
    killed.killSwitches = [
      killSwitch("domain", "billing.example"),
      killSwitch("sender", ids.alerts, new Date(now - 1).toISOString()),
    ];
    const index = buildPolicyIndex(killed);
    const billing = index.senders.get(ids.billing);
    expect(
      checkFrom(index, { sender: billing, credential: null, addresses: ["a@mail.billing.example"], label: "From" }, now)
        ?.reason,
    ).toBe("kill_switch");
    // expired sender switch: Alerts may send
    expect(checkSession(index, { username: creds.alerts.username, ip: "127.0.0.1" }, now).verdict).toBeNull();
  });

  it("refuses a malformed snapshot and keeps the previous policy", () => {
    const state = new PolicyState({ stateDir: tempDir(), maxStalenessMs: 60_000, log: quiet });
    state.apply(snapshot);
    expect(() => state.apply({ ...snapshot, version: 2, senders: "nope" })).toThrow(/senders/);
    expect(state.version).toBe(1);
    expect(state.usableIndex()).not.toBeNull();
    expect(state.usableIndex(Date.now() + 61_000)).toBeNull();
  });

  it("counts messages per sender per UTC minute and day", () => {
    const limiter = new RateLimiter();
    const sender = { id: "s", rateLimitPerMinute: 2, rateLimitPerDay: 3 };
    const t = Date.UTC(2030, 0, 1, 12, 0, 10);
    expect(limiter.tryConsume(sender, t)).toBeNull();
    expect(limiter.tryConsume(sender, t)).toBeNull();
    expect(limiter.tryConsume(sender, t)).toEqual({ window: "minute", limit: 2 });
    expect(limiter.tryConsume(sender, t + 60_000)).toBeNull();
    expect(limiter.tryConsume(sender, t + 120_000)).toEqual({ window: "day", limit: 3 });
  });
});

describe("event spool", () => {
  it("keeps appended events across a reopen, skips a torn last line, and forgets a removed segment", async () => {
    const dir = tempDir();
    const spool = new EventSpool({ dir, log: quiet });
    spool.open();
    await spool.append([{ id: "evt-0001" }, { id: "evt-0002" }]);
    await spool.close();
    const [file] = fs.readdirSync(dir);
    fs.appendFileSync(path.join(dir, file), '{"id":"torn');

    const reopened = new EventSpool({ dir, log: quiet });
    reopened.open();
    const segment = reopened.nextSegment();
    expect(segment.events.map((e: { id: string }) => e.id)).toEqual(["evt-0001", "evt-0002"]);
    reopened.remove(segment.file);
    expect(reopened.nextSegment()).toBeNull();
    expect(reopened.depth).toBe(0);
  });

  it("resolves durable appends after the sync and rotates full segments for shipping", async () => {
    const dir = tempDir();
    const spool = new EventSpool({ dir, log: quiet });
    spool.open();
    const many = Array.from({ length: 600 }, (_, i) => ({ id: `evt-${String(i).padStart(4, "0")}` }));
    await Promise.all([
      spool.append(many.slice(0, 300), { durable: true }),
      spool.append(many.slice(300), { durable: true }),
    ]);
    await spool.append([{ id: "evt-last" }], { durable: true });
    expect(spool.depth).toBe(601);
    const first = spool.nextSegment();
    expect(first.events).toHaveLength(600);
    spool.remove(first.file);
    // the current segment is closed by the writer, then ready
    const second = await waitFor(() => spool.nextSegment(), "the closed current segment", 1000);
    expect(second.events.map((e: { id: string }) => e.id)).toEqual(["evt-last"]);
    spool.remove(second.file);
    // Files are removed asynchronously (libuv's thread pool): wait for it, bounded.
    await waitFor(() => fs.readdirSync(dir).length === 0, "the removed segments gone from disk", 2000);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("writes what is still queued at exit synchronously", () => {
    const dir = tempDir();
    const spool = new EventSpool({ dir, log: quiet });
    spool.open();
    spool.append([{ id: "evt-exit" }]);
    spool.closeSync();
    const reopened = new EventSpool({ dir, log: quiet });
    reopened.open();
    expect(reopened.depth).toBe(1);
  });
});
