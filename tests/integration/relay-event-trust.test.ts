// What a relay token may report: only its own relay's events, and outcomes (which judge a
// sender's reputation) only for credentials that relay accepted mail from. Also: heartbeat
// warnings reach the relay list.
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/relay/v1/events/route";
import { POST as postHeartbeat } from "@/app/api/relay/v1/heartbeat/route";
import { getDb } from "@/db/client";
import { deliveryEvents, relayCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { listRelays } from "@/lib/relays/list-relays";
import { registerRelay } from "@/lib/relays/register-relay";
import { reputationChecksSettled } from "@/lib/reputation/evaluate-after-ingest";
import { senderReputation } from "@/lib/reputation/sender-reputation";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

let admin: Actor;
let n = 0;

beforeAll(async () => {
  admin = await makeActor("admin");
});

async function relay(name: string) {
  const { relay, token } = await registerRelay({ actor: admin, input: { name: `${name}-${Date.now()}-${++n}` } });
  const post = async (path: "events" | "heartbeat", body: unknown) => {
    const request = new Request(`http://localhost/api/relay/v1/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    const response = await (path === "events" ? postEvents : postHeartbeat)(request);
    return { status: response.status, body: await response.json() };
  };
  return { id: relay.id, name: relay.name, post };
}

async function senderWithCredential() {
  const sender = await makeActiveSender(admin, (await makeDomain(admin)).id);
  const { credential } = await issueCredential({ actor: admin, input: { senderId: sender.id } });
  return { senderId: sender.id, credentialId: credential.id, username: credential.username };
}

const at = () => new Date().toISOString();
const ev = (type: string, who: { senderId: string; credentialId: string }, extra: Record<string, unknown> = {}) => ({
  id: `trust-${++n}-${type}`,
  type,
  at: at(),
  senderId: who.senderId,
  credentialId: who.credentialId,
  recipient: `u${n}@gmail.com`,
  ...(type === "bounced" ? { bounceType: "hard", smtpCode: 550, enhancedCode: "5.1.1" } : {}),
  ...extra,
});

describe("a relay token reports for its own relay only", () => {
  it("refuses a batch or an event naming another relay id with 403, and stores the token's relay as source", async () => {
    const a = await relay("trust-a");
    const b = await relay("trust-b");
    const refusal = (extra: Record<string, unknown> = {}) => ({
      id: `own-${++n}-rej`,
      type: "rejected",
      at: at(),
      reason: "auth",
      ...extra,
    });
    expect((await a.post("events", { relayId: b.id, events: [refusal()] })).status).toBe(403);
    const forged = await a.post("events", { events: [refusal(), refusal({ relayId: b.id })] });
    expect(forged.status).toBe(403);
    expect(forged.body.error.message).toMatch(/own relay/);
    // Naming its own id is fine; a `source` in the event is ignored.
    const own = refusal({ relayId: a.id, source: `relay:${b.id}` });
    expect((await a.post("events", { relayId: a.id, events: [own] })).body).toMatchObject({ accepted: 1, invalid: [] });
    const [row] = await getDb().select().from(deliveryEvents).where(eq(deliveryEvents.eventId, own.id));
    expect(row).toMatchObject({ relayId: a.id, source: `relay:${a.id}` });
    expect(await getDb().select().from(deliveryEvents).where(eq(deliveryEvents.relayId, b.id))).toHaveLength(0);
  });
});

describe("outcome events name a credential the relay accepted mail from", () => {
  it("a second relay's token posting 500 bounces for a sender it never relayed does not suspend it", async () => {
    const home = await relay("trust-home");
    const rogue = await relay("trust-rogue");
    const victim = await senderWithCredential();
    // The sender's real traffic, through its own relay: 100 delivered.
    const real = [
      ...Array.from({ length: 100 }, () => ev("accepted", victim)),
      ...Array.from({ length: 100 }, () => ev("delivered", victim)),
    ];
    expect((await home.post("events", { events: real })).body).toMatchObject({ accepted: 200, invalid: [] });
    await reputationChecksSettled();
    // The rogue relay knows the sender's and credential's ids (every relay gets the snapshot).
    const bounces = Array.from({ length: 500 }, () => ev("bounced", victim));
    const answer = await rogue.post("events", { events: bounces });
    await reputationChecksSettled();
    expect(await engagedKillSwitchFor("sender", victim.senderId)).toBeNull();
    expect(answer.status).toBe(422);
    expect(answer.body.accepted).toBe(0);
    expect(answer.body.invalid).toHaveLength(500);
    expect(answer.body.invalid[0]).toMatchObject({
      index: 0,
      id: bounces[0].id,
      errors: { credentialId: [expect.stringMatching(/never accepted mail/)] },
    });
    expect(await senderReputation(victim.senderId)).toMatchObject({ attempts: 100, hardBounces: 0 });
  });

  it("keeps the rest of a batch, learns credentials from accepted events earlier in it, and refuses a sender that is not the credential's", async () => {
    const r = await relay("trust-mixed");
    const one = await senderWithCredential();
    const other = await senderWithCredential();
    const events = [
      ev("delivered", one), // 0: before this relay accepted anything from the credential
      ev("accepted", one), // 1
      ev("delivered", one), // 2: ok, accepted earlier in the batch
      ev("bounced", { ...one, senderId: other.senderId }), // 3: credential of one, sender other
      ev("deferred", { ...one, credentialId: undefined as unknown as string }), // 4: no credential
      ev("complained", other), // 5: never accepted from other
      ev("accepted", { ...other, senderId: one.senderId }), // 6: mismatched accepted: stored, but no holding
      ev("bounced", other), // 7
    ];
    const answer = await r.post("events", { events });
    expect(answer.status).toBe(200);
    expect(answer.body.accepted).toBe(3);
    expect(answer.body.invalid.map((i: { index: number }) => i.index)).toEqual([0, 3, 4, 5, 7]);
    const held = await getDb().select().from(relayCredentials).where(eq(relayCredentials.relayId, r.id));
    expect(held.map((h) => h.credentialId)).toEqual([one.credentialId]);
    // Next batch: the holding is remembered.
    expect((await r.post("events", { events: [ev("bounced", one)] })).body).toMatchObject({ accepted: 1, invalid: [] });
  });
});

describe("heartbeat warnings", () => {
  it("are stored, listed with the relay, replaced by the next heartbeat, and bounded", async () => {
    const r = await relay("trust-warn");
    const beat = (warnings?: string[]) => ({
      softwareVersion: "switchyard-relay/0.2",
      policyVersion: 1,
      policyAppliedAt: at(),
      queueDepth: 0,
      spoolDepth: 5,
      ...(warnings ? { warnings } : {}),
    });
    const warning = "event spool full (256 MB): new unauthenticated refusals are dropped";
    expect((await r.post("heartbeat", beat([warning]))).status).toBe(200);
    const listed = async () => (await listRelays()).relays.find((x) => x.id === r.id);
    expect((await listed())?.warnings).toEqual([warning]);
    expect((await r.post("heartbeat", beat())).status).toBe(200);
    expect((await listed())?.warnings).toEqual([]);
    expect((await r.post("heartbeat", beat(Array.from({ length: 21 }, (_, i) => `w${i}`)))).status).toBe(422);
    expect((await r.post("heartbeat", beat(["x".repeat(501)]))).status).toBe(422);
  });
});
