// Content profiles and DLP rules (issue 13): CRUD through the domain functions the dashboard and
// the API call, each change audited with the profile's revision and the policy version bumped in
// the same transaction; custom expressions refused at save; the default per sender kind; profiles
// in use; the policy snapshot's content part; the dry run through the relay's own engine.
import { and, asc, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { alerts, auditLog, contentProfiles, senders } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { createDlpRule } from "@/lib/content/create-dlp-rule";
import { createContentProfile } from "@/lib/content/create-profile";
import { deleteDlpRule } from "@/lib/content/delete-dlp-rule";
import { deleteContentProfile } from "@/lib/content/delete-profile";
import { dryRunDlp } from "@/lib/content/dry-run";
import { FILE_TYPE_NAMES } from "@/lib/content/labels";
import { getContentProfile, listContentProfiles } from "@/lib/content/list-profiles";
import { profileChangeWidens } from "@/lib/content/profile-strictness";
import { reorderDlpRules } from "@/lib/content/reorder-dlp-rules";
import { updateDlpRule } from "@/lib/content/update-dlp-rule";
import { updateContentProfile } from "@/lib/content/update-profile";
import { buildPolicySnapshot } from "@/lib/policy/build-snapshot";
import { currentPolicyVersion } from "@/lib/policy/policy-version";
import { policySnapshotSchema } from "@/lib/relay-contract/schemas";
import { decideChangeRequest } from "@/lib/senders/decide-change-request";
import { registerSender } from "@/lib/senders/register-sender";
import { updateSender } from "@/lib/senders/update-sender";
import { getSetting, setSetting } from "@/lib/settings/settings";
import {
  createContentProfileSchema,
  createDlpRuleSchema,
  dryRunDlpSchema,
  updateContentProfileSchema,
  updateDlpRuleSchema,
} from "@/lib/validations/content";
import { createSenderSchema, updateSenderSchema } from "@/lib/validations/senders";
import { FILE_TYPE_NAMES as ENGINE_FILE_TYPES } from "@/relay/plugin/lib/content/file-type";
import { makeActor } from "../support/actors";
import { atEdge } from "../support/at-edge";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

let security: Actor;
let infra: Actor;
let domainId: string;

// A Visa test number (passes Luhn) and the same digits with the last one changed (fails it).
const CARD = "4111 1111 1111 1111";
const NOT_A_CARD = "4111 1111 1111 1112";

beforeAll(async () => {
  security = await makeActor("security");
  infra = await makeActor("infra");
  domainId = (await makeDomain(security)).id;
});

const unique = () => Math.random().toString(36).slice(2, 8);
// An active sender whose fields pass the edit rules as a whole (an edit re-checks the merged record).
const activeSender = (overrides: Parameters<typeof makeActiveSender>[2] = {}) =>
  makeActiveSender(security, domainId, { purpose: "Invoices and receipts", ...overrides });
const profileNamed = async (name: string) =>
  (await getDb().select().from(contentProfiles).where(eq(contentProfiles.name, name)))[0];
const auditFor = (profileId: string) =>
  getDb()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetType, "content_profile"), eq(auditLog.targetId, profileId)))
    .orderBy(asc(auditLog.seq));

const newProfile = (raw: Record<string, unknown> = {}) =>
  atEdge(createContentProfileSchema, { name: `Profile ${unique()}`, ...raw }, (input) =>
    createContentProfile({ actor: security, input }),
  );
const editProfile = (profileId: string, raw: Record<string, unknown>) =>
  atEdge(updateContentProfileSchema, { profileId, ...raw }, (input) =>
    updateContentProfile({ actor: security, input }),
  );
const newRule = (profileId: string, raw: Record<string, unknown>) =>
  atEdge(createDlpRuleSchema, { profileId, ...raw }, (input) => createDlpRule({ actor: security, input }));
const editRule = (profileId: string, ruleId: string, raw: Record<string, unknown>) =>
  atEdge(updateDlpRuleSchema, { profileId, ruleId, ...raw }, (input) => updateDlpRule({ actor: security, input }));

describe("content profiles", () => {
  it("starts with the built-in Standard (default for both kinds), Strict and Off", async () => {
    const profiles = await listContentProfiles();
    const standard = profiles.find((p) => p.name === "Standard");
    expect(standard).toMatchObject({ defaultForInternal: true, defaultForSaas: true, ruleCount: 2 });
    expect(profiles.map((p) => p.name)).toEqual(expect.arrayContaining(["Standard", "Strict", "Off"]));
    expect(profiles[0].name).toBe("Standard");
  });

  it("creates, edits and deletes a profile: audited, revision and policy version bumped each time", async () => {
    const v0 = await currentPolicyVersion();
    const name = `Payments ${unique()}`;
    const { profile, policyVersion } = await newProfile({
      name,
      description: "Payment processors",
      spamScore: "9.5",
      maxScanBytes: "5242880",
      attachmentRules: {
        blockedExtensions: ".EXE, js;vbs",
        blockedTypes: ["executable"],
        maxAttachmentBytes: "",
        scanArchives: "on",
        action: "quarantine",
      },
    });
    expect(policyVersion).toBe(v0 + 1);
    expect(profile).toMatchObject({
      name,
      revision: 1,
      virusScan: true,
      spamScore: 9.5,
      onScannerFailure: "defer",
      attachmentRules: {
        blockedExtensions: ["exe", "js", "vbs"],
        blockedTypes: ["executable"],
        maxAttachmentBytes: null,
        scanArchives: true,
        action: "quarantine",
      },
      createdBy: security.id,
    });
    await expect(newProfile({ name })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(name),
    });

    const edit = await editProfile(profile.id, { spamScan: false, attachmentRules: { action: "reject" } });
    expect(edit.changed.sort()).toEqual(["attachmentRules", "spamScan"]);
    expect(edit.policyVersion).toBe(v0 + 2);
    expect(edit.profile).toMatchObject({ revision: 2, spamScan: false, spamScore: 9.5 });
    expect(edit.profile.attachmentRules).toMatchObject({ blockedExtensions: ["exe", "js", "vbs"], action: "reject" });
    // The same values again change nothing: no revision, no policy version, no audit entry.
    const again = await editProfile(profile.id, { spamScan: false });
    expect(again).toMatchObject({ changed: [], policyVersion: null });
    expect(await currentPolicyVersion()).toBe(v0 + 2);

    const deleted = await deleteContentProfile({ actor: security, input: { profileId: profile.id } });
    expect(deleted).toEqual({ deleted: { id: profile.id, name }, policyVersion: v0 + 3 });
    expect(await getContentProfile(profile.id)).toBeNull();

    const entries = await auditFor(profile.id);
    expect(entries.map((e) => e.action)).toEqual([
      "content_profile.create",
      "content_profile.update",
      "content_profile.delete",
    ]);
    expect(entries[1]).toMatchObject({
      actorId: security.id,
      before: { spamScan: true, attachmentRules: expect.objectContaining({ action: "quarantine" }) },
      after: { spamScan: false, revision: 2, policyVersion: v0 + 2 },
    });
    expect(entries[2].before).toMatchObject({ name, revision: 2, rules: [] });
  });

  it("accepts unscanned mail only when confirmed, with a warning alert while it does", async () => {
    await expect(newProfile({ onScannerFailure: "accept" })).rejects.toMatchObject({
      code: "validation_failed",
      fieldErrors: { confirmAcceptUnscanned: [expect.any(String)] },
    });
    const { profile } = await newProfile();
    await expect(editProfile(profile.id, { onScannerFailure: "accept" })).rejects.toMatchObject({
      code: "validation_failed",
      message: expect.stringContaining("confirmAcceptUnscanned"),
    });
    await editProfile(profile.id, { onScannerFailure: "accept", confirmAcceptUnscanned: "on" });
    const open = () =>
      getDb()
        .select()
        .from(alerts)
        .where(eq(alerts.dedupeKey, `content_profile:accept_unscanned:${profile.id}`));
    expect(await open()).toEqual([
      expect.objectContaining({ severity: "warning", resolvedAt: null, subjectId: profile.id }),
    ]);
    // Other edits of a profile that already accepts need no new confirmation.
    await editProfile(profile.id, { spamScore: 12 });
    await editProfile(profile.id, { onScannerFailure: "defer" });
    expect((await open())[0].resolvedAt).not.toBeNull();
  });

  it("moves the default per kind in one transaction and never leaves a kind without one", async () => {
    const standard = await profileNamed("Standard");
    const { profile: strictish } = await newProfile();
    const v0 = await currentPolicyVersion();
    const moved = await editProfile(strictish.id, { defaultForInternal: true });
    expect(moved.policyVersion).toBe(v0 + 1);
    const standardNow = await profileNamed("Standard");
    expect(standardNow).toMatchObject({ defaultForInternal: false, defaultForSaas: true });
    expect(standardNow.revision).toBe(standard.revision + 1);
    expect((await profileNamed(strictish.name)).defaultForInternal).toBe(true);
    const [entry] = (await auditFor(strictish.id)).slice(-1);
    expect(entry.after).toMatchObject({
      defaultForInternal: true,
      movedDefaults: [{ kind: "internal", from: { id: standard.id, name: "Standard" } }],
    });

    // Switching a default off, or deleting the profile holding it, is refused: move it instead.
    await expect(editProfile(strictish.id, { defaultForInternal: false })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("default profile for internal senders"),
    });
    await expect(deleteContentProfile({ actor: security, input: { profileId: strictish.id } })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await currentPolicyVersion()).toBe(v0 + 1);

    // A new profile can take a default at creation, too.
    const { profile: saasDefault } = await newProfile({ defaultForSaas: true });
    expect((await profileNamed("Standard")).defaultForSaas).toBe(false);
    await editProfile(standard.id, { defaultForInternal: true, defaultForSaas: "true" });
    const defaults = (await listContentProfiles()).filter((p) => p.defaultForInternal || p.defaultForSaas);
    expect(defaults.map((p) => p.name)).toEqual(["Standard"]);
    await deleteContentProfile({ actor: security, input: { profileId: saasDefault.id } });
    await deleteContentProfile({ actor: security, input: { profileId: strictish.id } });
  });

  it("refuses to delete a profile a sender uses (409 naming the senders)", async () => {
    const { profile } = await newProfile();
    const sender = await activeSender({ name: `Billing ${unique()}`, contentProfileId: profile.id });
    await expect(deleteContentProfile({ actor: security, input: { profileId: profile.id } })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining(sender.name),
    });
    // A retired sender does not hold a profile: the reference goes with the profile.
    await getDb().update(senders).set({ status: "retired" }).where(eq(senders.id, sender.id));
    await deleteContentProfile({ actor: security, input: { profileId: profile.id } });
    const [after] = await getDb().select().from(senders).where(eq(senders.id, sender.id));
    expect(after.contentProfileId).toBeNull();
  });
});

describe("DLP rules", () => {
  it("adds, edits, reorders and deletes rules: audited, revision and policy version bumped", async () => {
    const { profile } = await newProfile();
    const v0 = await currentPolicyVersion();
    const card = await newRule(profile.id, {
      name: "Cards near card words",
      detector: "card",
      nearKeywords: "card, Karte\nIBAN",
      nearWithin: "200",
      action: "quarantine",
      pattern: "ignored for cards",
    });
    expect(card.rule).toMatchObject({
      position: 0,
      pattern: null,
      nearKeywords: ["card", "Karte", "IBAN"],
      nearWithin: 200,
      minCount: 1,
      enabled: true,
    });
    expect(card.profile.revision).toBe(2);
    expect(card.policyVersion).toBe(v0 + 1);
    const words = await newRule(profile.id, {
      name: "Project names",
      detector: "keywords",
      keywords: ["Falcon", "Osprey"],
      minCount: 2,
      action: "tag",
    });
    const custom = await newRule(profile.id, {
      name: "Employee ids",
      detector: "regex",
      pattern: "EMP-\\d{6}",
      flags: "i",
      action: "reject",
    });
    expect([words.rule.position, custom.rule.position]).toEqual([1, 2]);

    const disabled = await editRule(profile.id, words.rule.id, { enabled: false });
    expect(disabled).toMatchObject({ changed: ["enabled"], rule: { enabled: false }, profile: { revision: 5 } });
    const reordered = await reorderDlpRules({
      actor: security,
      input: { profileId: profile.id, ruleIds: [custom.rule.id, card.rule.id, words.rule.id] },
    });
    expect(reordered.rules.map((r) => r.name)).toEqual(["Employee ids", "Cards near card words", "Project names"]);
    await expect(
      reorderDlpRules({ actor: security, input: { profileId: profile.id, ruleIds: [custom.rule.id] } }),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { ruleIds: [expect.any(String)] } });
    const removed = await deleteDlpRule({ actor: security, input: { profileId: profile.id, ruleId: card.rule.id } });
    expect(removed.profile.revision).toBe(7);
    expect(await currentPolicyVersion()).toBe(v0 + 6);

    const detail = await getContentProfile(profile.id);
    expect(detail?.rules.map((r) => r.name)).toEqual(["Employee ids", "Project names"]);
    const actions = (await auditFor(profile.id)).map((e) => e.action);
    expect(actions).toEqual([
      "content_profile.create",
      "dlp_rule.create",
      "dlp_rule.create",
      "dlp_rule.create",
      "dlp_rule.update",
      "dlp_rule.reorder",
      "dlp_rule.delete",
    ]);
    const [update] = (await auditFor(profile.id)).filter((e) => e.action === "dlp_rule.update");
    expect(update).toMatchObject({
      before: { ruleId: words.rule.id, enabled: true },
      after: { ruleId: words.rule.id, enabled: false, revision: 5 },
    });
    // A rule of another profile is not found through this one.
    const { profile: other } = await newProfile();
    await expect(editRule(other.id, custom.rule.id, { enabled: false })).rejects.toMatchObject({ code: "not_found" });
  });

  it("refuses a regular expression that can backtrack catastrophically when it is saved (422 naming the pattern)", async () => {
    const { profile } = await newProfile();
    const v0 = await currentPolicyVersion();
    const refused = newRule(profile.id, { name: "Bad", detector: "regex", pattern: "(a+)+$", action: "reject" });
    await expect(refused).rejects.toMatchObject({
      code: "validation_failed",
      status: 422,
      message: expect.stringMatching(/^pattern: .*"\(a\+\)\+"/),
      fieldErrors: { pattern: [expect.stringContaining("exponential time")] },
    });
    await expect(
      newRule(profile.id, { name: "Alternation", detector: "regex", pattern: "(\\w|\\d)+x", action: "reject" }),
    ).rejects.toMatchObject({ fieldErrors: { pattern: [expect.any(String)] } });
    await expect(
      newRule(profile.id, { name: "No pattern", detector: "regex", action: "reject" }),
    ).rejects.toMatchObject({ fieldErrors: { pattern: [expect.any(String)] } });
    await expect(
      newRule(profile.id, { name: "No words", detector: "keywords", keywords: "", action: "tag" }),
    ).rejects.toMatchObject({ fieldErrors: { keywords: [expect.any(String)] } });
    await expect(
      newRule(profile.id, { name: "Bad flags", detector: "regex", pattern: "x+", flags: "g", action: "tag" }),
    ).rejects.toMatchObject({ fieldErrors: { flags: [expect.any(String)] } });
    // An edit is checked on the merged rule: a safe pattern turned catastrophic is refused too.
    const ok = await newRule(profile.id, { name: "Ok", detector: "regex", pattern: "[a-z]+\\.", action: "tag" });
    await expect(editRule(profile.id, ok.rule.id, { pattern: "([a-z]+\\.?)+$" })).rejects.toMatchObject({
      fieldErrors: { pattern: [expect.any(String)] },
    });
    expect(await currentPolicyVersion()).toBe(v0 + 1);
  });
});

describe("policy snapshot", () => {
  it("carries every profile with only its enabled rules in order, and each sender's effective profile", async () => {
    const { profile } = await newProfile({ name: `Snapshot ${unique()}`, virusScan: false });
    const first = await newRule(profile.id, {
      name: "Cards",
      detector: "card",
      nearKeywords: ["Karte"],
      action: "quarantine",
    });
    const off = await newRule(profile.id, { name: "Off", detector: "iban", action: "tag", enabled: false });
    const third = await newRule(profile.id, {
      name: "Words",
      detector: "keywords",
      keywords: ["secret"],
      action: "require_tls",
    });
    expect(off.rule.enabled).toBe(false);
    const standard = await profileNamed("Standard");
    const own = await activeSender({ kind: "saas", vendor: "other", contentProfileId: profile.id });
    const onprem = await activeSender({ kind: "internal_onprem" });
    const cloud = await activeSender({ kind: "internal_cloud" });
    const saas = await activeSender({ kind: "saas", vendor: "other" });
    await setSetting({ actor: security, key: "tls.requiredDomains", value: ["Partner.example", "bücher.example"] });

    const snapshot = policySnapshotSchema.parse(await buildPolicySnapshot());
    const mine = snapshot.contentProfiles?.find((p) => p.id === profile.id);
    expect(mine).toEqual({
      id: profile.id,
      name: profile.name,
      virusScan: false,
      spamScan: true,
      spamScore: 15,
      spamAction: "reject",
      maxScanBytes: 10 * 1024 * 1024,
      onScannerFailure: "defer",
      attachments: profile.attachmentRules,
      dlpRules: [
        {
          id: first.rule.id,
          name: "Cards",
          detector: "card",
          minCount: 1,
          near: { keywords: ["Karte"], within: 300 },
          action: "quarantine",
        },
        {
          id: third.rule.id,
          name: "Words",
          detector: "keywords",
          keywords: ["secret"],
          minCount: 1,
          near: null,
          action: "require_tls",
        },
      ],
    });
    const effective = (id: string) => snapshot.senders.find((s) => s.id === id)?.contentProfileId;
    expect(effective(own.id)).toBe(profile.id);
    expect(effective(onprem.id)).toBe(standard.id);
    expect(effective(cloud.id)).toBe(standard.id);
    expect(effective(saas.id)).toBe(standard.id);
    expect(snapshot.tlsRequiredDomains).toEqual(["partner.example", "xn--bcher-kva.example"]);

    // Making another profile the internal default changes both internal kinds, not SaaS.
    await editProfile(profile.id, { defaultForInternal: true });
    const next = await buildPolicySnapshot();
    const inNext = (id: string) => next.senders.find((s) => s.id === id)?.contentProfileId;
    expect([inNext(onprem.id), inNext(cloud.id), inNext(saas.id)]).toEqual([profile.id, profile.id, standard.id]);
    await editProfile(standard.id, { defaultForInternal: true });
  });

  it("validates the TLS-required domains (ASCII, policy setting) and the quarantine retention setting", async () => {
    const v0 = await currentPolicyVersion();
    await expect(
      setSetting({ actor: security, key: "tls.requiredDomains", value: ["not a domain"] }),
    ).rejects.toMatchObject({ code: "validation_failed" });
    await setSetting({ actor: security, key: "tls.requiredDomains", value: ["bank.example", "BANK.example."] });
    expect(await getSetting("tls.requiredDomains")).toEqual(["bank.example"]);
    expect(await currentPolicyVersion()).toBe(v0 + 1);

    expect(await getSetting("quarantine.retentionDays")).toBe(14);
    for (const value of [0, 366, 1.5]) {
      await expect(setSetting({ actor: security, key: "quarantine.retentionDays", value })).rejects.toMatchObject({
        code: "validation_failed",
      });
    }
    await setSetting({ actor: security, key: "quarantine.retentionDays", value: 30 });
    expect(await getSetting("quarantine.retentionDays")).toBe(30);
    expect(await currentPolicyVersion()).toBe(v0 + 1);
  });

  it("blocks the same file types the relay's engine knows", () => {
    expect([...FILE_TYPE_NAMES]).toEqual([...ENGINE_FILE_TYPES]);
  });
});

describe("a sender's content profile", () => {
  it("is named at registration or edit (empty: its kind's default); a change bumps the policy of an active sender", async () => {
    const { profile } = await newProfile();
    const base = {
      kind: "internal_cloud",
      ownerTeam: "Platform",
      contactEmail: "platform@example.com",
      purpose: "Order confirmations",
      fromDomainIds: [domainId],
      rateLimitPerMinute: "60",
      rateLimitPerDay: "1000",
      reviewDate: "2030-01-01",
    };
    const registered = await atEdge(
      createSenderSchema,
      { ...base, name: `Orders ${unique()}`, contentProfileId: profile.id },
      (input) => registerSender({ actor: infra, input }),
    );
    expect(registered.contentProfileId).toBe(profile.id);
    const plain = await atEdge(
      createSenderSchema,
      { ...base, name: `Plain ${unique()}`, contentProfileId: "" },
      (input) => registerSender({ actor: infra, input }),
    );
    expect(plain.contentProfileId).toBeNull();
    await expect(
      atEdge(
        createSenderSchema,
        { ...base, name: `Unknown ${unique()}`, contentProfileId: "00000000-0000-4000-8000-000000000000" },
        (input) => registerSender({ actor: infra, input }),
      ),
    ).rejects.toMatchObject({ code: "validation_failed", fieldErrors: { contentProfileId: [expect.any(String)] } });

    // On an active sender: naming the profile it already gets (its kind's default) loses no checks.
    const standard = await profileNamed("Standard");
    const active = await activeSender();
    const v0 = await currentPolicyVersion();
    const edit = await atEdge(updateSenderSchema, { senderId: active.id, contentProfileId: standard.id }, (input) =>
      updateSender({ actor: infra, input }),
    );
    expect(edit).toMatchObject({ applied: ["contentProfileId"], awaitingApproval: [], changeRequest: null });
    expect(await currentPolicyVersion()).toBe(v0 + 1);
    const [entry] = await getDb()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "sender.update"), eq(auditLog.targetId, active.id)));
    expect(entry).toMatchObject({ before: { contentProfileId: null }, after: { contentProfileId: standard.id } });
    // Back to the default: the field sent empty.
    const cleared = await atEdge(updateSenderSchema, { senderId: active.id, contentProfileId: "" }, (input) =>
      updateSender({ actor: infra, input }),
    );
    expect(cleared.sender.contentProfileId).toBeNull();
    expect(await currentPolicyVersion()).toBe(v0 + 2);
  });

  it("treats a profile with fewer checks as widening an approved sender: it waits for a second person", async () => {
    const [standard, off] = [await profileNamed("Standard"), await profileNamed("Off")];
    const active = await activeSender();
    const v0 = await currentPolicyVersion();
    const edit = await atEdge(updateSenderSchema, { senderId: active.id, contentProfileId: off.id }, (input) =>
      updateSender({ actor: infra, input }),
    );
    expect(edit).toMatchObject({
      applied: [],
      awaitingApproval: ["contentProfileId"],
      sender: { contentProfileId: null },
    });
    expect(edit.changeRequest?.changes).toEqual({ contentProfileId: off.id });
    expect(await currentPolicyVersion()).toBe(v0);
    const effective = async () =>
      (await buildPolicySnapshot()).senders.find((s) => s.id === active.id)?.contentProfileId;
    expect(await effective()).toBe(standard.id);

    const request = edit.changeRequest!;
    const decide = (actor: Actor) =>
      decideChangeRequest({
        actor,
        input: {
          senderId: active.id,
          requestId: request.id,
          decision: "approve",
          revision: request.revision,
          comment: "Checked upstream",
        },
      });
    await expect(decide(infra)).rejects.toMatchObject({ code: "forbidden" });
    const decided = await decide(security);
    expect(decided).toMatchObject({ sender: { contentProfileId: off.id }, policyVersion: v0 + 1 });
    expect(await effective()).toBe(off.id);

    // Back to the default (more checks) applies at once.
    const back = await atEdge(updateSenderSchema, { senderId: active.id, contentProfileId: "" }, (input) =>
      updateSender({ actor: infra, input }),
    );
    expect(back).toMatchObject({ applied: ["contentProfileId"], awaitingApproval: [] });
    expect(await effective()).toBe(standard.id);
  });

  it("counts a move as fewer checks unless the new profile provably checks at least as much", async () => {
    const standard = await profileNamed("Standard");
    const [off, strict] = [await profileNamed("Off"), await profileNamed("Strict")];
    expect(await profileChangeWidens(getDb(), standard.id, off.id)).toBe(true);
    expect(await profileChangeWidens(getDb(), off.id, standard.id)).toBe(false);
    // Strict holds IBANs for TLS delivery where Standard quarantines them: not provably stricter.
    expect(await profileChangeWidens(getDb(), standard.id, strict.id)).toBe(true);

    const copy = async (changes: Record<string, unknown> = {}) => {
      const { profile } = await newProfile({ attachmentRules: standard.attachmentRules, ...changes });
      await newRule(profile.id, { name: "Cards", detector: "card", action: "reject" });
      await newRule(profile.id, { name: "IBANs", detector: "iban", minCount: 3, action: "quarantine" });
      return profile.id;
    };
    expect(await profileChangeWidens(getDb(), standard.id, await copy())).toBe(false);
    expect(await profileChangeWidens(getDb(), standard.id, await copy({ spamScore: 20 }))).toBe(true);
    expect(await profileChangeWidens(getDb(), standard.id, await copy({ virusScan: false }))).toBe(true);
    expect(
      await profileChangeWidens(
        getDb(),
        standard.id,
        await copy({ attachmentRules: { ...standard.attachmentRules, scanArchives: false } }),
      ),
    ).toBe(true);
    expect(await profileChangeWidens(getDb(), standard.id, null)).toBe(true);
  });
});

describe("DLP dry run", () => {
  const dry = (raw: Record<string, unknown>) => atEdge(dryRunDlpSchema, raw, (input) => dryRunDlp(input));

  it("finds a card number near 'Karte', redacted, and not one that fails Luhn", async () => {
    const { profile } = await newProfile();
    const rule = await newRule(profile.id, {
      name: "Karten",
      detector: "card",
      nearKeywords: ["Karte"],
      action: "quarantine",
    });
    const hit = await dry({
      profileId: profile.id,
      sample: { subject: "Bestellung", text: `Meine Karte: ${CARD}, gültig bis 12/29.` },
    });
    expect(hit.rules).toEqual([
      expect.objectContaining({ ruleId: rule.rule.id, outcome: "matched", count: 1, error: null }),
    ]);
    expect(hit.rules[0].matches).toEqual([
      expect.objectContaining({ where: "text", redacted: expect.stringMatching(/\*.*1111$/) }),
    ]);
    expect(hit.findings).toEqual([
      expect.objectContaining({ ruleName: "Karten", action: "quarantine", where: "text" }),
    ]);
    expect(JSON.stringify(hit)).not.toContain(CARD);
    expect(JSON.stringify(hit)).not.toContain("4111111111111111");

    const miss = await dry({ profileId: profile.id, sample: { text: `Meine Karte: ${NOT_A_CARD}` } });
    expect(miss.rules[0]).toMatchObject({ outcome: "not_matched", count: 0, matches: [] });
    expect(miss.findings).toEqual([]);
    // A card far from any keyword does not count either.
    const far = await dry({ profileId: profile.id, sample: { text: `Karte ${"x".repeat(400)} ${CARD}` } });
    expect(far.rules[0].outcome).toBe("not_matched");
  });

  it("runs disabled rules only when asked, takes HTML, and refuses an empty sample or unknown profile", async () => {
    const { profile } = await newProfile();
    await newRule(profile.id, {
      name: "Secret",
      detector: "keywords",
      keywords: ["geheim"],
      action: "tag",
      enabled: false,
    });
    const sample = { html: "<p>Das ist <b>geheim</b></p>" };
    expect((await dry({ profileId: profile.id, sample })).rules).toEqual([]);
    const withDisabled = await dry({ profileId: profile.id, includeDisabled: true, sample });
    expect(withDisabled.rules[0]).toMatchObject({
      outcome: "matched",
      matches: [expect.objectContaining({ where: "html" })],
    });
    await expect(dry({ profileId: profile.id, sample: { text: "" } })).rejects.toMatchObject({
      code: "validation_failed",
    });
    await expect(
      dry({ profileId: "00000000-0000-4000-8000-000000000000", sample: { text: "x" } }),
    ).rejects.toMatchObject({ code: "not_found" });
    // Nothing of a dry run is audited or stored.
    const all = JSON.stringify(await getDb().select().from(auditLog));
    expect(all).not.toContain("geheim</b>");
    expect(all).not.toContain(CARD);
  });
});
