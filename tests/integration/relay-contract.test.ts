import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { deliveryEvents, relays, smtpCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { ingestEvents } from "@/lib/events/ingest-events";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { knownPolicyVersion, waitForPolicyVersionAbove } from "@/lib/policy/policy-changes";
import { bumpPolicyVersion } from "@/lib/policy/policy-version";
import { currentSnapshot } from "@/lib/policy/snapshot-cache";
import { eventBatchSchema, heartbeatSchema, policySnapshotSchema } from "@/lib/relay-contract/schemas";
import { authenticateRelay } from "@/lib/relays/authenticate-relay";
import { listRelays } from "@/lib/relays/list-relays";
import { recordHeartbeat } from "@/lib/relays/record-heartbeat";
import { registerRelay } from "@/lib/relays/register-relay";
import { revokeRelay } from "@/lib/relays/revoke-relay";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { asRelayed } from "../support/relayed-credentials";

let admin: Actor;

beforeAll(async () => {
  admin = await makeActor("admin");
});

// Bodies as a relay posts them, parsed at the edge the way the relay routes do.
const beatRaw = (relayId: string, ip: string | null, body: unknown) =>
  atEdge(heartbeatSchema, body, (input) => recordHeartbeat({ relayId, ip, input }));
const batchRaw = (relayId: string, body: unknown) =>
  atEdge(eventBatchSchema, body, (input) => ingestEvents({ relayId, input }));

const event = (id: string, overrides: Record<string, unknown> = {}) => ({
  id,
  type: "delivered",
  at: new Date().toISOString(),
  recipient: "user@Gmail.com",
  ...overrides,
});

describe("relay registry", () => {
  it("registers with a token shown once, authenticates it, refuses revoked and malformed tokens", async () => {
    const { relay, token } = await registerRelay({ actor: admin, input: { name: "relay-eu-1" } });
    expect(token).toMatch(/^syrelay_/);
    const [row] = await getDb().select().from(relays).where(eq(relays.id, relay.id));
    expect(JSON.stringify(row)).not.toContain(token);
    expect((await authenticateRelay(`Bearer ${token}`)).id).toBe(relay.id);
    await expect(authenticateRelay(null)).rejects.toMatchObject({ code: "unauthenticated" });
    // One character changed (never to itself: a token ending in "x" once made this pass by accident).
    const typo = `${token.slice(0, -1)}${token.endsWith("x") ? "y" : "x"}`;
    await expect(authenticateRelay(`Bearer ${typo}`)).rejects.toThrow(/Malformed/);
    await expect(registerRelay({ actor: admin, input: { name: "relay-eu-1" } })).rejects.toMatchObject({
      code: "conflict",
    });
    await revokeRelay({ actor: admin, input: { relayId: relay.id, reason: "decommissioned" } });
    await expect(authenticateRelay(`Bearer ${token}`)).rejects.toThrow(/revoked/);
  });

  it("forgets an authenticated relay revoked by another app instance once the policy version moves", async () => {
    const { relay, token } = await registerRelay({ actor: admin, input: { name: "relay-eu-2" } });
    expect((await authenticateRelay(`Bearer ${token}`)).id).toBe(relay.id);
    const before = await knownPolicyVersion();
    // Another instance revokes: the row and the version change there; this one hears only NOTIFY.
    await getDb().transaction(async (tx) => {
      await tx.update(relays).set({ status: "revoked", revokedAt: new Date() }).where(eq(relays.id, relay.id));
      await bumpPolicyVersion(tx, admin, "relay revoked on another instance");
    });
    expect(await waitForPolicyVersionAbove(before, 5_000)).toBeGreaterThan(before);
    await expect(authenticateRelay(`Bearer ${token}`)).rejects.toThrow(/revoked/);
  });

  it("records heartbeats and computes health and lag", async () => {
    const { relay } = await registerRelay({ actor: admin, input: { name: "relay-us-1" } });
    expect((await listRelays()).relays.find((r) => r.id === relay.id)?.health).toBe("offline");
    const { currentVersion } = await listRelays();
    await beatRaw(relay.id, "10.0.0.5", {
      softwareVersion: "switchyard-relay/0.1",
      policyVersion: currentVersion - 1,
      policyAppliedAt: new Date().toISOString(),
      queueDepth: 3,
    });
    const view = (await listRelays()).relays.find((r) => r.id === relay.id)!;
    expect(view).toMatchObject({ health: "healthy", lag: 1, queueDepth: 3, softwareVersion: "switchyard-relay/0.1" });
    await expect(beatRaw(relay.id, null, { queueDepth: -1 })).rejects.toMatchObject({ code: "validation_failed" });
  });
});

describe("events ingest", () => {
  it("is idempotent by event id, keeps valid events of a batch with invalid ones, names the invalid", async () => {
    const { relay } = await registerRelay({ actor: admin, input: { name: "relay-ingest" } });
    const senderId = (await makeActiveSender(admin, (await makeDomain(admin)).id)).id;
    const [delivered, bounced] = await asRelayed(relay.id, [
      event("evt-00000001", { senderId }),
      event("evt-00000002", { senderId, type: "bounced", bounceType: "hard", smtpCode: 550, enhancedCode: "5.1.1" }),
    ]);
    const batch = {
      events: [delivered, bounced, { id: "x", type: "exploded" }, event("evt-00000003", { type: "rejected" })],
    };
    const first = await ingestEvents({ relayId: relay.id, input: batch });
    expect(first.accepted).toBe(2);
    expect(first.duplicates).toBe(0);
    expect(first.invalid.map((i) => i.index)).toEqual([2, 3]);
    expect(Object.keys(first.invalid[0].errors).sort()).toEqual(["at", "id", "type"]);
    expect(first.invalid[1].errors.reason).toBeDefined();
    const retry = await ingestEvents({ relayId: relay.id, input: batch });
    expect(retry).toMatchObject({ accepted: 0, duplicates: 2 });
    const rows = await getDb().select().from(deliveryEvents).where(eq(deliveryEvents.relayId, relay.id));
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.eventId === "evt-00000001")?.recipientDomain).toBe("gmail.com");
    await expect(batchRaw(relay.id, { events: [] })).rejects.toMatchObject({ code: "validation_failed" });
    await expect(
      batchRaw(relay.id, { events: Array.from({ length: 1001 }, (_, i) => event(`evt-big-${i}`)) }),
    ).rejects.toMatchObject({ code: "validation_failed" });
  });

  it("moves the credential's last use forward from accepted events", async () => {
    const { relay } = await registerRelay({ actor: admin, input: { name: "relay-usage" } });
    const domain = await makeDomain(admin);
    const sender = await makeActiveSender(admin, domain.id);
    const { credential } = await issueCredential({ actor: admin, input: { senderId: sender.id } });
    const at = new Date(Date.now() - 5000).toISOString();
    await ingestEvents({
      relayId: relay.id,
      input: {
        events: [
          event("use-00000001", { type: "accepted", at, username: credential.username, clientIp: "198.51.100.4" }),
        ],
      },
    });
    const [row] = await getDb().select().from(smtpCredentials).where(eq(smtpCredentials.id, credential.id));
    expect(row.lastUsedFrom).toBe("198.51.100.4");
    expect(row.lastUsedAt?.toISOString()).toBe(at);
  });

  it("ingests concurrent batches that use the same credentials in opposite orders (no deadlock)", async () => {
    const { relay } = await registerRelay({ actor: admin, input: { name: "relay-concurrent" } });
    const domain = await makeDomain(admin);
    const sender = await makeActiveSender(admin, domain.id);
    const a = (await issueCredential({ actor: admin, input: { senderId: sender.id } })).credential;
    const b = (await issueCredential({ actor: admin, input: { senderId: sender.id } })).credential;
    const at = (k: number) => new Date(Date.now() - 60_000 + k).toISOString();
    const batch = (k: number) => {
      const order = k % 2 === 0 ? [a, b] : [b, a];
      return Array.from({ length: 200 }, (_, i) =>
        event(`conc-${k}-${String(i).padStart(4, "0")}`, {
          type: "accepted",
          at: at(k * 1000 + i),
          senderId: sender.id,
          username: order[i < 100 ? 0 : 1].username,
          clientIp: `198.51.100.${k + 1}`,
        }),
      );
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, k) => ingestEvents({ relayId: relay.id, input: { events: batch(k) } })),
    );
    expect(results.map((r) => r.accepted)).toEqual(Array(8).fill(200));
    const rows = await getDb().select().from(smtpCredentials).where(eq(smtpCredentials.senderId, sender.id));
    // The newest use of either credential is in the last batch (k = 7).
    for (const row of rows) expect(row.lastUsedFrom).toBe("198.51.100.8");
  });
});

describe("policy snapshot and long-poll", () => {
  it("serves a schema-valid snapshot built once per version, and wakes waiters when the version changes", async () => {
    const domain = await makeDomain(admin);
    const sender = await makeActiveSender(admin, domain.id);
    await issueCredential({ actor: admin, input: { senderId: sender.id } });
    const first = await currentSnapshot();
    const parsed = policySnapshotSchema.parse(JSON.parse(first.body));
    const inSnapshot = parsed.senders.find((s) => s.id === sender.id)!;
    expect(inSnapshot.fromDomains).toEqual([domain.domain]);
    expect(inSnapshot.credentials[0].verifier).toMatch(/^[0-9a-f]{64}$/);
    expect(parsed.domains.find((d) => d.id === domain.id)?.dkim?.privateKeyPem).toContain("BEGIN PRIVATE KEY");
    expect(await currentSnapshot()).toBe(first);

    const started = Date.now();
    const waiting = waitForPolicyVersionAbove(first.version, 10_000);
    await engageKillSwitch({
      actor: admin,
      input: { scope: "sender", targetId: sender.id, reason: "wake the pollers" },
    });
    const woken = await waiting;
    expect(woken).toBe(first.version + 1);
    expect(Date.now() - started).toBeLessThan(1500);
    const next = await currentSnapshot();
    expect(next.version).toBe(first.version + 1);
    expect(next.etag).toBe(`"${first.version + 1}"`);
  });

  it("answers a waiter at its timeout with the unchanged version", async () => {
    const { version } = await currentSnapshot();
    const started = Date.now();
    expect(await waitForPolicyVersionAbove(version, 300)).toBe(version);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });
});
