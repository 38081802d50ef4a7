// Policy history on a real database: the recorder, run after changes commit, keeps the content of
// the newest version (without secrets), exactly the content that committed with it; versions of a
// burst are recorded together in the last one; the readable diff names the change, the audit entries
// written in its transaction and the relays that applied it.
import { eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { policyVersionContents, policyVersions, smtpCredentials } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { issueCredential } from "@/lib/credentials/issue-credential";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { buildPolicySnapshot } from "@/lib/policy/build-snapshot";
import { bumpPolicyVersion, currentPolicyVersion } from "@/lib/policy/policy-version";
import { buildPolicyContent } from "@/lib/policy-history/content";
import { listPolicyVersions } from "@/lib/policy-history/list-versions";
import { jsonEqual } from "@/lib/policy-history/patch";
import { recordPendingPolicyVersions } from "@/lib/policy-history/record-content";
import { contentFromRows } from "@/lib/policy-history/stored-content";
import { policyVersionDiff } from "@/lib/policy-history/version-diff";
import { recordHeartbeat } from "@/lib/relays/record-heartbeat";
import { registerRelay } from "@/lib/relays/register-relay";
import { setSetting } from "@/lib/settings/settings";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";
import { decideChangeRequestRaw, updateSenderRaw } from "../support/senders-at-edge";

let security: Actor;
let infra: Actor;
let admin: Actor;

const contentRow = async (version: number) =>
  (
    await getDb()
      .select({ content: policyVersionContents.content, patch: policyVersionContents.patch })
      .from(policyVersionContents)
      .where(eq(policyVersionContents.version, version))
  )[0];

// After each change: the change's transaction recorded nothing; one recorder run records the version,
// whose stored content (rebuilt from checkpoint + patches) is the content built from the committed
// database right now.
async function expectRecordedAsCommitted(version: number) {
  expect(await currentPolicyVersion()).toBe(version);
  expect(await contentRow(version), `version ${version} not recorded by the change itself`).toBeUndefined();
  expect(await recordPendingPolicyVersions()).toMatchObject({ status: "recorded", version });
  expect(await recordPendingPolicyVersions()).toEqual({ status: "up-to-date" });
  const stored = await contentFromRows(getDb(), version);
  const direct = JSON.parse(JSON.stringify(await buildPolicyContent(getDb())));
  expect(stored).not.toBeNull();
  expect(jsonEqual(stored, direct), `version ${version} stored = committed`).toBe(true);
}

const linesOf = async (version: number, against?: number) =>
  (await policyVersionDiff({ input: { version, against } })).lines?.map((l) => l.text);

beforeAll(async () => {
  security = await makeActor("security");
  infra = await makeActor("infra");
  admin = await makeActor("admin");
});

describe("policy history", () => {
  let senderId: string;
  let credential: { id: string; hint: string };
  const versions: Record<string, number> = {};

  it("records a sender change: networks narrowed at once, a From domain added after approval", async () => {
    const home = await makeDomain(security);
    const billing = await makeDomain(security, "billing.example.com");
    const sender = await makeActiveSender(security, home.id, {
      name: "Invoices",
      purpose: "Sends the monthly invoices",
      allowedCidrs: ["10.0.0.0/8"],
    });
    senderId = sender.id;
    // The sender was inserted directly (no bump): the next version is the first that has it.
    versions.start = await getDb().transaction((tx) => bumpPolicyVersion(tx, SYSTEM_ACTOR, "test start"));
    await expectRecordedAsCommitted(versions.start);

    await updateSenderRaw({ actor: infra, input: { senderId, allowedCidrs: ["10.1.0.0/16"] } });
    versions.networks = await currentPolicyVersion();
    expect(versions.networks).toBe(versions.start + 1);
    await expectRecordedAsCommitted(versions.networks);
    expect(await linesOf(versions.networks)).toEqual(["sender Invoices: networks 10.0.0.0/8 → 10.1.0.0/16"]);

    const edit = await updateSenderRaw({ actor: infra, input: { senderId, fromDomainIds: [home.id, billing.id] } });
    expect(await currentPolicyVersion()).toBe(versions.networks);
    await decideChangeRequestRaw({
      actor: security,
      input: {
        senderId,
        requestId: edit.changeRequest?.id,
        decision: "approve",
        revision: edit.changeRequest?.revision,
        comment: "Billing domain confirmed",
      },
    });
    versions.domain = await currentPolicyVersion();
    await expectRecordedAsCommitted(versions.domain);
    const diff = await policyVersionDiff({ input: { version: versions.domain } });
    expect(diff.lines?.map((l) => l.text)).toEqual(["sender Invoices: + From domain billing.example.com"]);
    // The audit entries of that transaction, and only those (not the request's, written before it).
    expect(diff.audit.map((a) => a.action)).toEqual(["sender.change.approve"]);
    expect(diff.audit[0]).toMatchObject({ actorLabel: security.label, targetId: senderId });
    expect(diff.audit.every((a) => a.version === versions.domain)).toBe(true);
  });

  it("records a credential issued and a kill switch engaged on it", async () => {
    const issued = await issueCredential({ actor: infra, input: { senderId } });
    credential = {
      id: issued.credential.id,
      hint: `${issued.credential.secretPrefix}…${issued.credential.secretLast4}`,
    };
    versions.issue = issued.policyVersion;
    await expectRecordedAsCommitted(versions.issue);
    const issuedLines = await linesOf(versions.issue);
    expect(issuedLines).toHaveLength(1);
    expect(issuedLines?.[0]).toMatch(
      new RegExp(`^credential ${credential.hint}: accepted for sender Invoices \\(user ${issued.credential.username}`),
    );
    const issueDiff = await policyVersionDiff({ input: { version: versions.issue } });
    expect(issueDiff.audit.map((a) => a.action)).toEqual(["credential.issue"]);
    expect(issueDiff.audit[0]).toMatchObject({ actorLabel: infra.label, targetId: credential.id });

    const engaged = await engageKillSwitch({
      actor: security,
      input: { scope: "credential", targetId: credential.id, reason: "secret pasted in a ticket" },
    });
    versions.kill = engaged.policyVersion;
    await expectRecordedAsCommitted(versions.kill);
    expect(await linesOf(versions.kill)).toEqual([
      `kill switch on credential ${credential.hint} engaged: secret pasted in a ticket`,
    ]);
  });

  it("compares any two versions, in either direction, and against the empty policy", async () => {
    const all = await linesOf(versions.kill, versions.start);
    expect(all).toEqual(
      expect.arrayContaining([
        "sender Invoices: networks 10.0.0.0/8 → 10.1.0.0/16",
        "sender Invoices: + From domain billing.example.com",
        `kill switch on credential ${credential.hint} engaged: secret pasted in a ticket`,
      ]),
    );
    const span = await policyVersionDiff({ input: { version: versions.kill, against: versions.start } });
    expect(new Set(span.audit.map((a) => a.version))).toEqual(
      new Set([versions.networks, versions.domain, versions.issue, versions.kill]),
    );
    const backwards = await linesOf(versions.start, versions.kill);
    expect(backwards).toContain("sender Invoices: − From domain billing.example.com");
    expect(backwards).toContain(`kill switch on credential ${credential.hint} released`);
    expect(await linesOf(versions.start, 0)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^sender Invoices: added/)]),
    );
    await expect(policyVersionDiff({ input: { version: 999_999 } })).rejects.toMatchObject({ code: "not_found" });
  });

  it("never stores a secret: no verifier, no DKIM private key, no message-tag key", async () => {
    await setSetting({ actor: admin, key: "relay.maxRecipientsPerMessage", value: 50 });
    await expectRecordedAsCommitted(await currentPolicyVersion());
    const [row] = await getDb().select().from(smtpCredentials).where(eq(smtpCredentials.id, credential.id));
    const snapshot = await buildPolicySnapshot();
    const pems = snapshot.domains.flatMap((d) => (d.dkim ? [d.dkim.privateKeyPem] : []));
    expect(pems.length).toBeGreaterThan(0);
    const stored = await getDb().execute<{ text: string }>(
      sql`select coalesce(content::text, '') || patch::text as text from policy_version_contents`,
    );
    const everything = stored.rows.map((r) => r.text).join("\n");
    expect(everything).toContain(credential.hint);
    expect(everything).not.toContain(row.verifier);
    expect(everything).not.toContain("PRIVATE KEY");
    for (const pem of pems) expect(everything).not.toContain(pem.split("\n")[1]);
    expect(everything).not.toContain(snapshot.messageTagKey);
    expect(everything).not.toMatch(/verifier|privateKeyPem|messageTagKey/);
  });

  it("records which relays applied a version, once, from their heartbeats", async () => {
    const { relay } = await registerRelay({ actor: admin, input: { name: `history-relay-${Date.now()}` } });
    const beat = {
      softwareVersion: "test",
      policyVersion: versions.kill,
      policyAppliedAt: "2026-12-03T10:00:00.000Z",
      queueDepth: 0,
      spoolDepth: 0,
      warnings: [],
      scanners: [],
    };
    await recordHeartbeat({ relayId: relay.id, ip: "127.0.0.1", input: beat });
    await recordHeartbeat({
      relayId: relay.id,
      ip: "127.0.0.1",
      input: { ...beat, policyAppliedAt: "2026-12-03T10:05:00.000Z" },
    });
    const diff = await policyVersionDiff({ input: { version: versions.kill } });
    expect(diff.relays).toEqual([
      { version: versions.kill, relayId: relay.id, relayName: relay.name, appliedAt: "2026-12-03T10:00:00.000Z" },
    ]);
    const page = await listPolicyVersions({ limit: 100 });
    expect(page.versions.find((v) => v.version === versions.kill)?.relaysApplied).toBe(1);
    expect(page.versions.find((v) => v.version === versions.issue)?.relaysApplied).toBe(0);
  });

  it("records a burst in one run: one version holds all its changes, the others say where they are", async () => {
    const before = await currentPolicyVersion();
    await updateSenderRaw({ actor: infra, input: { senderId, allowedCidrs: ["10.1.2.0/24"] } });
    // A version inserted directly, as the migrations or a change made before the history did.
    await getDb()
      .insert(policyVersions)
      .values({ version: sql`(select max(version) + 1 from policy_versions)`, reason: "made outside a change" });
    await setSetting({ actor: admin, key: "relay.maxRecipientsPerMessage", value: 40 });
    const engaged = await engageKillSwitch({
      actor: security,
      input: { scope: "sender", targetId: senderId, reason: "burst test" },
    });
    const last = engaged.policyVersion;
    expect(last).toBe(before + 4);
    const burst = [before + 1, before + 2, before + 3];
    for (const v of [...burst, last]) expect(await contentRow(v), `version ${v}`).toBeUndefined();

    expect(await recordPendingPolicyVersions()).toEqual({ status: "recorded", version: last, from: before });
    expect(await recordPendingPolicyVersions()).toEqual({ status: "up-to-date" });
    for (const v of burst) expect(await contentRow(v), `version ${v}`).toBeUndefined();
    expect((await contentRow(last))?.patch).toMatchObject({ from: before });
    const direct = JSON.parse(JSON.stringify(await buildPolicyContent(getDb())));
    expect(jsonEqual(await contentFromRows(getDb(), last), direct)).toBe(true);

    // The recorded version's default diff is against the version before the burst: every change.
    const diff = await policyVersionDiff({ input: { version: last } });
    expect(diff.from?.version).toBe(before);
    expect(diff.lines?.map((l) => l.text).sort()).toEqual(
      [
        "sender Invoices: networks 10.1.0.0/16 → 10.1.2.0/24",
        "setting: max recipients per message 50 → 40",
        "kill switch on sender Invoices engaged: burst test",
      ].sort(),
    );
    expect(new Set(diff.audit.map((a) => a.version))).toEqual(new Set([before + 1, before + 3, last]));
    expect(await linesOf(last, before)).toEqual(diff.lines?.map((l) => l.text));

    const page = await listPolicyVersions({ limit: 5 });
    expect(page.versions.map((v) => v.version)).toEqual([last, ...[...burst].reverse(), before]);
    expect(page.versions[0]).toMatchObject({ recorded: true, recordedIn: last, previousRecorded: before });
    for (const v of page.versions.slice(1, 4)) expect(v).toMatchObject({ recorded: false, recordedIn: last });
    expect(page.versions[4]).toMatchObject({ recorded: true, recordedIn: before });

    const merged = await policyVersionDiff({ input: { version: before + 2 } });
    expect(merged.lines).toBeNull();
    expect(merged.unavailable).toBe(
      `Versions ${before + 1} and ${before + 2} were committed in a burst: the changes of versions ${before + 1}–${last} are recorded ` +
        `together in version ${last} (compare ${last} with ${before}).`,
    );
  });

  it("a version not recorded yet says so; after a burst across a multiple of 50, a checkpoint", async () => {
    const [{ version: pending }] = await getDb()
      .insert(policyVersions)
      .values({ version: sql`(select max(version) + 1 from policy_versions)`, reason: "not recorded yet" })
      .returning({ version: policyVersions.version });
    const diff = await policyVersionDiff({ input: { version: pending } });
    expect(diff.lines).toBeNull();
    expect(diff.unavailable).toContain(`version ${pending} was not recorded`);
    // Up to the next multiple of 50: the recorded version crosses it, so it is a full copy.
    const target = Math.ceil((pending + 1) / 50) * 50;
    for (let v = pending + 1; v <= target; v++)
      await getDb().transaction((tx) => bumpPolicyVersion(tx, SYSTEM_ACTOR, "bump"));
    expect(await recordPendingPolicyVersions()).toMatchObject({ status: "recorded", version: target });
    expect((await contentRow(target))?.content).not.toBeNull();
    await expectRecordedAsCommittedAfterRun(target);

    const first = await listPolicyVersions({ limit: 2 });
    expect(first.versions.map((v) => v.version)).toEqual([target, target - 1]);
    expect(first.versions[0]).toMatchObject({ recorded: true, checkpoint: true, actorLabel: "system" });
    expect(first.versions[1]).toMatchObject({ recorded: false, sizeBytes: null, recordedIn: target });
    const second = await listPolicyVersions({ limit: 2, before: first.nextBefore ?? 0 });
    expect(second.versions[0].version).toBe(target - 2);
    const kill = (await listPolicyVersions({ limit: 200 })).versions.find((v) => v.version === versions.kill);
    expect(kill).toMatchObject({ actorLabel: security.label, recorded: true, checkpoint: false });
  });
});

// PostgreSQL only (PGlite has one connection, its transactions exclusive: no concurrency to test).
describe.skipIf(!process.env.TEST_DATABASE_URL)("the recorder beside concurrent changes", () => {
  it("a kill switch neither waits for the recorder nor writes content; a second recorder skips", async () => {
    const sender = await makeActiveSender(security, (await makeDomain(security, "concurrent.example.com")).id, {
      name: "Concurrent",
      purpose: "Kill switch while the recorder runs",
    });
    await getDb().transaction((tx) => bumpPolicyVersion(tx, SYSTEM_ACTOR, "before"));
    await recordPendingPolicyVersions();
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let locked!: () => void;
    const lockTaken = new Promise<void>((resolve) => {
      locked = resolve;
    });
    // A recorder's lock held by another transaction, as while one builds for seconds.
    const holder = getDb().transaction(async (tx) => {
      await tx.execute(sql`lock table policy_version_contents in share row exclusive mode`);
      locked();
      await held;
    });
    await lockTaken;
    try {
      expect(await recordPendingPolicyVersions()).toEqual({ status: "busy" });
      // Were the change to write a content row, its insert would wait for that lock.
      const started = Date.now();
      const engaged = await Promise.race([
        engageKillSwitch({ actor: security, input: { scope: "sender", targetId: sender.id, reason: "concurrent" } }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 5_000)),
      ]);
      expect(engaged, "the kill switch committed while the recorder's lock was held").not.toBeNull();
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(await contentRow(engaged?.policyVersion ?? 0)).toBeUndefined();
    } finally {
      release();
      await holder;
    }
    const latest = await currentPolicyVersion();
    expect(await recordPendingPolicyVersions()).toMatchObject({ status: "recorded", version: latest });
    expect(await linesOf(latest)).toContain("kill switch on sender Concurrent engaged: concurrent");
  });
});

async function expectRecordedAsCommittedAfterRun(version: number) {
  const stored = await contentFromRows(getDb(), version);
  const direct = JSON.parse(JSON.stringify(await buildPolicyContent(getDb())));
  expect(jsonEqual(stored, direct)).toBe(true);
}
