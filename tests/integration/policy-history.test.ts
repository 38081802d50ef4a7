// Policy history on a real database: each change's version keeps its content (without secrets),
// exactly the content that committed with it; the readable diff names the change, the audit entries
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

// After each change: the version's stored content (rebuilt from checkpoint + patches) is the
// content built from the committed database right now.
async function expectRecordedAsCommitted(version: number) {
  expect(await currentPolicyVersion()).toBe(version);
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

  it("lists versions newest first with a cursor; a version without content says so, the next is a checkpoint", async () => {
    // A version made as before the history existed (no content row).
    const [{ version: gap }] = await getDb()
      .insert(policyVersions)
      .values({ version: sql`(select max(version) + 1 from policy_versions)`, reason: "made before the history" })
      .returning({ version: policyVersions.version });
    const diff = await policyVersionDiff({ input: { version: gap } });
    expect(diff.lines).toBeNull();
    expect(diff.unavailable).toContain(`version ${gap}`);
    const after = await getDb().transaction((tx) => bumpPolicyVersion(tx, SYSTEM_ACTOR, "after the gap"));
    const [stored] = await getDb()
      .select({ content: policyVersionContents.content })
      .from(policyVersionContents)
      .where(eq(policyVersionContents.version, after));
    expect(stored.content).not.toBeNull();
    await expectRecordedAsCommitted(after);

    const first = await listPolicyVersions({ limit: 2 });
    expect(first.versions.map((v) => v.version)).toEqual([after, gap]);
    expect(first.versions[1]).toMatchObject({ recorded: false, sizeBytes: null });
    expect(first.versions[0]).toMatchObject({ recorded: true, checkpoint: true, actorLabel: "system" });
    const second = await listPolicyVersions({ limit: 2, before: first.nextBefore ?? 0 });
    expect(second.versions[0].version).toBe(gap - 1);
    const kill = (await listPolicyVersions({ limit: 100 })).versions.find((v) => v.version === versions.kill);
    expect(kill).toMatchObject({ actorLabel: security.label, recorded: true, checkpoint: false });
  });
});
