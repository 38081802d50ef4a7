// Events posted while the control plane loses its PostgreSQL connections (a database restart, a
// network blink): each request must fail fast — never hang on a broken or missing connection — and
// ingest must work again within seconds of the database coming back, without restarting the app.
// The soak saw a relay stop shipping for minutes after a PostgreSQL restart; this pins down that
// the control plane's side (pool, ingest, post-commit work) recovers by itself. PostgreSQL only:
// a TCP proxy (tests/support/pg-proxy.ts) cuts the connections.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postEvents } from "@/app/api/relay/v1/events/route";
import { closeDb, getDb } from "@/db/client";
import { deliveryEvents } from "@/db/schema";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { misuseChecksSettled } from "@/lib/misuse/evaluate-after-ingest";
import { registerRelay } from "@/lib/relays/register-relay";
import { reputationChecksSettled } from "@/lib/reputation/evaluate-after-ingest";
import { makeActor } from "../support/actors";
import { type PgProxy, pgProxy } from "../support/pg-proxy";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

const realUrl = process.env.DATABASE_URL;
let proxy: PgProxy;
let token: string;
let relayId: string;
let n = 0;

let credential: { senderId: string; credentialId: string; username: string };

// Accepted events of a real credential: the whole ingest runs, with its post-commit work ("last
// used", misuse and reputation checks).
const batch = (size: number) => ({
  events: Array.from({ length: size }, () => ({
    id: `acc.outage.${String(++n).padStart(6, "0")}`,
    type: "accepted",
    at: new Date().toISOString(),
    ...credential,
    clientIp: "192.0.2.10",
    from: "app@outage.example",
    recipient: `u${n}@example.net`,
  })),
});

async function post(body: ReturnType<typeof batch>): Promise<{ status: number; ms: number }> {
  const started = Date.now();
  const response = await postEvents(
    new Request("http://localhost/api/relay/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  await response.text();
  return { status: response.status, ms: Date.now() - started };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(!realUrl)("ingest while PostgreSQL connections are cut", () => {
  beforeAll(async () => {
    proxy = await pgProxy(realUrl as string);
    await closeDb();
    process.env.DATABASE_URL = proxy.url;
    const admin = await makeActor("admin");
    const sender = await makeActiveSender(admin, (await makeDomain(admin)).id);
    const issued = await issueCredential({ actor: admin, input: { senderId: sender.id } });
    credential = { senderId: sender.id, credentialId: issued.credential.id, username: issued.credential.username };
    const registered = await registerRelay({ actor: admin, input: { name: "relay-db-outage" } });
    token = registered.token;
    relayId = registered.relay.id;
  });

  afterAll(async () => {
    // Ingest's post-commit checks still running would only fail on a closed database.
    await Promise.all([misuseChecksSettled(), reputationChecksSettled()]);
    await closeDb();
    process.env.DATABASE_URL = realUrl;
    await proxy?.close();
  });

  it("fails fast while cut and ingests again within seconds of the database coming back", async () => {
    // A warm pool: several connections open through the proxy.
    const warm = await Promise.all(Array.from({ length: 8 }, () => post(batch(5))));
    expect(warm.map((r) => r.status)).toEqual(Array(8).fill(200));

    // Batches in flight when every connection is cut, then more while it stays down for 3 s.
    const sent: ReturnType<typeof batch>[] = [];
    const send = (body: ReturnType<typeof batch>) => {
      sent.push(body);
      return post(body);
    };
    const inFlight = Array.from({ length: 8 }, () => send(batch(5)));
    await sleep(5);
    proxy.cut();
    const duringOutage: Promise<{ status: number; ms: number }>[] = [];
    for (let i = 0; i < 6; i++) {
      duringOutage.push(send(batch(3)));
      await sleep(500);
    }
    const cutResults = await Promise.all([...inFlight, ...duringOutage]);
    // None hangs: a failure is an answer (500), and comes quickly.
    expect(Math.max(...cutResults.map((r) => r.ms))).toBeLessThan(5_000);
    expect(cutResults.filter((r) => r.status !== 200).length).toBeGreaterThan(0);
    expect(cutResults.every((r) => r.status === 200 || r.status === 500)).toBe(true);

    proxy.restore();
    const restored = Date.now();
    let recovered = await post(batch(2));
    while (recovered.status !== 200 && Date.now() - restored < 10_000) {
      await sleep(100);
      recovered = await post(batch(2));
    }
    expect(recovered.status).toBe(200);
    const recoveryMs = Date.now() - restored;
    console.log(`[ingest-db-outage] ingest answered 200 again ${recoveryMs} ms after the database came back`);
    expect(recoveryMs).toBeLessThan(3_000);

    // The relay retries what failed: every event is stored exactly once.
    const retried = await Promise.all(sent.map((body) => post(body)));
    expect(retried.map((r) => r.status)).toEqual(Array(sent.length).fill(200));
    const stored = await getDb()
      .select({ id: deliveryEvents.eventId })
      .from(deliveryEvents)
      .where(eq(deliveryEvents.relayId, relayId));
    expect(stored.length).toBe(n);
    expect(new Set(stored.map((r) => r.id)).size).toBe(n);

    // And the pool is whole: as many transactions as it has clients are open at once. Before the
    // fix, each BEGIN that failed on a cut connection kept its client checked out for good.
    const size = Number(process.env.DATABASE_POOL_SIZE || 10);
    let open = 0;
    let letGo = () => {};
    const gate = new Promise<void>((resolve) => {
      letGo = resolve;
    });
    const holding = Array.from({ length: size }, () =>
      getDb().transaction(async (tx) => {
        await tx.execute(sql`select 1`);
        open++;
        await gate;
      }),
    );
    const deadline = Date.now() + 5_000;
    while (open < size && Date.now() < deadline) await sleep(50);
    expect(open).toBe(size);
    letGo();
    await Promise.all(holding);
  }, 60_000);
});
