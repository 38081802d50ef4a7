// npm run bench:policy-history – the policy history at 10,000 senders (each with a credential):
// the size of a stored version (a checkpoint's full content, a one-sender patch) beside the
// snapshot relays get (JSON.stringify), a change's transaction with its version bump beside a bare
// bump (equal: the content is recorded after commit), the recorder's run after one change and
// after a burst of changes, and the diff time (rebuild from checkpoint + patches, then
// the readable lines) beside building the snapshot itself. PGlite always; PostgreSQL too when
// BENCH_DATABASE_URL points at a server (a temporary database is created and dropped).
// BENCH_SENDERS and BENCH_RUNS change the size and the repetitions; BENCH_CHAIN=0 skips the walk
// to the longest chain of patches.
import { randomBytes } from "node:crypto";
import { loadAverage, p50p95 } from "./support/bench-common";
import { setBenchSecret, targetInMemoryPglite, withTemporaryDatabase } from "./support/bench-database";

const SENDER_COUNT = Number(process.env.BENCH_SENDERS || 10_000);
const DOMAIN_COUNT = 20;
const SIGNING_DOMAINS = 3;
const INSERT_BATCH = 1_000;
const RUNS = Number(process.env.BENCH_RUNS || 7);

async function time<T>(runs: number, run: () => Promise<T>): Promise<{ p50: number; p95: number; last: T }> {
  const samples: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await run();
    samples.push(performance.now() - started);
  }
  return { ...p50p95(samples), last: last as T };
}

async function seed(): Promise<string[]> {
  const { getDb } = await import("@/db/client");
  const { senderDomains, senders, sendingDomains, smtpCredentials } = await import("@/db/schema");
  const { SYSTEM_ACTOR } = await import("@/lib/audit/actor");
  const { addDomain } = await import("@/lib/domains/add-domain");
  const { parseInput } = await import("@/lib/errors");
  const { addDomainSchema } = await import("@/lib/validations/domains");
  const db = getDb();
  // A few domains with a real (sealed) DKIM key, through the product; the rest inserted directly.
  const signing = [];
  for (let i = 0; i < SIGNING_DOMAINS; i++) {
    const input = parseInput(addDomainSchema, { domain: `d${i}.example.com`, algorithm: "ed25519" });
    signing.push((await addDomain({ actor: SYSTEM_ACTOR, input })).domain);
  }
  const plain = await db
    .insert(sendingDomains)
    .values(
      Array.from({ length: DOMAIN_COUNT - SIGNING_DOMAINS }, (_, i) => ({
        domain: `d${i + SIGNING_DOMAINS}.example.com`,
        displayName: `d${i + SIGNING_DOMAINS}.example.com`,
        status: "active" as const,
      })),
    )
    .returning();
  const domains = [...signing, ...plain];
  const ids: string[] = [];
  for (let start = 0; start < SENDER_COUNT; start += INSERT_BATCH) {
    const batch = Array.from({ length: Math.min(INSERT_BATCH, SENDER_COUNT - start) }, (_, j) => {
      const i = start + j;
      return {
        name: `sender ${String(i).padStart(5, "0")}`,
        slug: `sender-${i}`,
        kind: "internal_cloud" as const,
        ownerTeam: `team-${i % 50}`,
        contactEmail: `owner${i}@corp.example.com`,
        purpose: `Sends mail for application ${i}`,
        allowedFromAddresses: [`noreply@d${i % DOMAIN_COUNT}.example.com`],
        allowedCidrs: [`10.${Math.floor(i / 256) % 256}.${i % 256}.0/24`],
        rateLimitPerMinute: 60,
        rateLimitPerDay: 10_000,
        reviewDate: "2030-01-01",
        status: "active" as const,
      };
    });
    const inserted = await db.insert(senders).values(batch).returning({ id: senders.id });
    await db
      .insert(senderDomains)
      .values(inserted.map((s, j) => ({ senderId: s.id, domainId: domains[(start + j) % DOMAIN_COUNT].id })));
    await db.insert(smtpCredentials).values(
      inserted.map((s, j) => ({
        senderId: s.id,
        username: `sender-${start + j}-1`,
        secretPrefix: "sysmtp_ab",
        secretLast4: randomBytes(2).toString("hex"),
        verifier: randomBytes(32).toString("hex"),
      })),
    );
    ids.push(...inserted.map((s) => s.id));
  }
  await db.execute((await import("drizzle-orm")).sql`analyze`);
  return ids;
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function benchOne(label: string): Promise<void> {
  const { getDb, closeDb } = await import("@/db/client");
  const { runMigrations } = await import("@/db/migrate");
  const { senders, policyVersions, policyVersionContents } = await import("@/db/schema");
  const { SYSTEM_ACTOR } = await import("@/lib/audit/actor");
  const { buildPolicySnapshot } = await import("@/lib/policy/build-snapshot");
  const { bumpPolicyVersion } = await import("@/lib/policy/policy-version");
  const { buildPolicyContent } = await import("@/lib/policy-history/content");
  const { describeDiff } = await import("@/lib/policy-history/describe-diff");
  const { diffObjects } = await import("@/lib/policy-history/patch");
  const { recordPendingPolicyVersions } = await import("@/lib/policy-history/record-content");
  const { contentFromRows, CHECKPOINT_EVERY } = await import("@/lib/policy-history/stored-content");
  const { policyVersionDiff } = await import("@/lib/policy-history/version-diff");
  const { eq, sql } = await import("drizzle-orm");
  await runMigrations();
  const seeded = performance.now();
  const senderIds = await seed();
  const db = getDb();
  console.log(
    `\n${label}: ${SENDER_COUNT.toLocaleString("en-US")} active senders, 1 credential each, ${DOMAIN_COUNT} domains (${SIGNING_DOMAINS} with DKIM) seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s; p50 of ${RUNS} runs; load ${loadAverage()}`,
  );

  // Sizes: the snapshot relays get vs the stored content (checkpoint) and a one-sender patch.
  const snapshot = await time(RUNS, () => buildPolicySnapshot());
  const snapshotBytes = Buffer.byteLength(JSON.stringify(snapshot.last));
  const content = await time(RUNS, () => buildPolicyContent(db));
  const contentBytes = Buffer.byteLength(JSON.stringify(content.last));

  // A change's transaction: one sender's rate limit, then the bump (the content is recorded after commit).
  let n = 0;
  const change = () =>
    db.transaction(async (tx) => {
      await tx
        .update(senders)
        .set({ rateLimitPerMinute: 61 + (n++ % 1000) })
        .where(eq(senders.id, senderIds[n % senderIds.length]));
      return bumpPolicyVersion(tx, SYSTEM_ACTOR, "bench change");
    });
  const record = async () => {
    const result = await recordPendingPolicyVersions(db);
    if (result.status !== "recorded") throw new Error(`recorder: ${result.status}`);
    return result;
  };
  const first = await change();
  await record(); // a checkpoint (nothing recorded before it)
  const withHistory = await time(RUNS, change);
  // The same change with a bare bump, as before the history: lock, insert the version, notify.
  const bare = await time(RUNS, () =>
    db.transaction(async (tx) => {
      await tx
        .update(senders)
        .set({ rateLimitPerMinute: 61 + (n++ % 1000) })
        .where(eq(senders.id, senderIds[n % senderIds.length]));
      await tx.execute(sql`select pg_advisory_xact_lock(7423001)`);
      const [row] = await tx
        .insert(policyVersions)
        .values({ version: sql`(select coalesce(max(version), 0) + 1 from ${policyVersions})`, reason: "bare" })
        .returning({ version: policyVersions.version });
      await tx.execute(sql`select pg_notify('switchyard_policy_bench', ${String(row.version)})`);
      return row.version;
    }),
  );
  // The recorder: all of the above versions in one run (a burst), then one run per change.
  const burstStarted = performance.now();
  await record();
  const burstMs = performance.now() - burstStarted;
  const recorderSamples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await change();
    const started = performance.now();
    await record();
    recorderSamples.push(performance.now() - started);
  }
  const recorder = p50p95(recorderSamples);
  // Up to the next checkpoint (the recorded versions cross a multiple of CHECKPOINT_EVERY), then
  // CHECKPOINT_EVERY - 2 more recorded one by one: the longest chain of patches to rebuild.
  // BENCH_CHAIN=0 skips that walk (about 95 recorder runs: minutes on PGlite at 10,000 senders);
  // the rebuild and diff rows then start from the first checkpoint, a few patches back.
  const walk = process.env.BENCH_CHAIN !== "0";
  let checkpoint = walk ? 0 : first;
  while (!checkpoint) {
    const version = await change();
    await record();
    const [row] = await db
      .select({ copy: sql<boolean>`${policyVersionContents.content} is not null` })
      .from(policyVersionContents)
      .where(eq(policyVersionContents.version, version));
    if (row.copy) checkpoint = version;
  }
  for (let i = 0; walk && i < CHECKPOINT_EVERY - 2; i++) {
    await change();
    await record();
  }
  const latest = await change();
  await record();
  const [patchRow] = await db
    .select({ sizeBytes: policyVersionContents.sizeBytes })
    .from(policyVersionContents)
    .where(eq(policyVersionContents.version, latest));
  const [checkpointRow] = await db
    .select({ sizeBytes: policyVersionContents.sizeBytes })
    .from(policyVersionContents)
    .where(eq(policyVersionContents.version, checkpoint));

  // Diff times: the API's diff (rebuild both sides + lines + audit + relays) at the worst distance
  // from the checkpoint, the rebuild alone, and the pure parts on contents in memory.
  const apiDiff = await time(RUNS, () => policyVersionDiff({ input: { version: latest } }));
  const apiWide = await time(RUNS, () => policyVersionDiff({ input: { version: latest, against: checkpoint } }));
  const rebuild = await time(RUNS, () => contentFromRows(db, latest));
  const a = content.last;
  const b = structuredClone(a);
  const someSender = Object.keys(b.senders)[0];
  b.senders[someSender].networks = ["10.200.0.0/16"];
  const lines = await time(RUNS, async () => describeDiff(a, b));
  const patch = await time(RUNS, async () => diffObjects(a as never, b as never));
  const stringify = await time(RUNS, async () => JSON.stringify(snapshot.last));

  const rows: [string, string, string][] = [
    ["snapshot relays get (JSON.stringify), baseline", kb(snapshotBytes), `build ${snapshot.p50.toFixed(0)} ms`],
    ["content without secrets (checkpoint)", kb(contentBytes), `build ${content.p50.toFixed(0)} ms`],
    ["stored checkpoint row (content + patch)", kb(checkpointRow.sizeBytes), ""],
    ["stored patch row (one sender's rate limit)", `${patchRow.sizeBytes} B`, ""],
    ["change + bare bump (before the history)", "", `${bare.p50.toFixed(1)} ms (p95 ${bare.p95.toFixed(1)})`],
    [
      "change + bump (content recorded after commit)",
      "",
      `${withHistory.p50.toFixed(1)} ms (p95 ${withHistory.p95.toFixed(1)})`,
    ],
    ["recorder run after one change (patch)", "", `${recorder.p50.toFixed(0)} ms (p95 ${recorder.p95.toFixed(0)})`],
    [`recorder run after a burst of ${2 * RUNS} versions`, "", `${burstMs.toFixed(0)} ms`],
    [`rebuild version ${latest} from checkpoint ${checkpoint}`, "", `${rebuild.p50.toFixed(1)} ms`],
    ["API diff N vs N-1 (rebuild both, lines, audit, relays)", "", `${apiDiff.p50.toFixed(1)} ms`],
    [`API diff ${latest} vs checkpoint ${checkpoint}`, "", `${apiWide.p50.toFixed(1)} ms`],
    ["describeDiff alone (contents in memory)", "", `${lines.p50.toFixed(1)} ms`],
    ["diffObjects alone (the stored patch)", "", `${patch.p50.toFixed(1)} ms`],
    ["JSON.stringify(snapshot), baseline", "", `${stringify.p50.toFixed(1)} ms`],
  ];
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${"".padEnd(w)}   ${"size".padStart(10)}   time`);
  for (const [name, size, t] of rows) console.log(`${name.padEnd(w)}   ${size.padStart(10)}   ${t}`);
  console.log(`(first recorded version ${first}; checkpoint ${checkpoint}; latest ${latest}; load ${loadAverage()})`);
  await closeDb();
}

setBenchSecret();
targetInMemoryPglite();
// BENCH_SKIP_PGLITE=1 runs PostgreSQL only (the PGlite run at 10,000 senders takes minutes).
if (!process.env.BENCH_SKIP_PGLITE) await benchOne("PGlite (in memory)");

const adminUrl = process.env.BENCH_DATABASE_URL;
if (adminUrl) await withTemporaryDatabase(adminUrl, (url) => benchOne(`PostgreSQL (${url.host})`));
else console.log("\n(Set BENCH_DATABASE_URL=postgres://… to run the same on PostgreSQL.)");
