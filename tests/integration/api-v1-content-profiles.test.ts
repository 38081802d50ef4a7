// The management API's content-profile routes, called as route handlers with real Requests and
// API tokens: a profile and its rules end to end, answers that match the documented schemas, who
// may call what, and 4xx answers on bad input (never a 500).
import { beforeAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import { POST as dryRun } from "@/app/api/v1/content-profiles/[id]/dry-run/route";
import { GET as getOne, PATCH as patchOne, DELETE as removeOne } from "@/app/api/v1/content-profiles/[id]/route";
import { PATCH as patchRule, DELETE as removeRule } from "@/app/api/v1/content-profiles/[id]/rules/[ruleId]/route";
import { POST as reorder } from "@/app/api/v1/content-profiles/[id]/rules/reorder/route";
import { POST as addRule } from "@/app/api/v1/content-profiles/[id]/rules/route";
import { POST as create, GET as list } from "@/app/api/v1/content-profiles/route";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import type { Role } from "@/lib/auth/roles";
import {
  createContentProfileOperation,
  createDlpRuleOperation,
  deleteContentProfileOperation,
  dryRunDlpOperation,
  getContentProfileOperation,
  listContentProfilesOperation,
  updateContentProfileOperation,
  updateDlpRuleOperation,
} from "@/lib/server/api/operations/content-profiles";
import { makeActor } from "../support/actors";
import { makeActiveSender, makeDomain } from "../support/registry-fixtures";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

let security: string;
let infra: string;
let comms: string;
let auditor: string;

const params = (id: string, ruleId?: string) => ({
  params: Promise.resolve<Record<string, string>>(ruleId ? { id, ruleId } : { id }),
});
const noParams = { params: Promise.resolve({}) };
const request = (method: string, token: string, body?: unknown) =>
  new Request("http://localhost/api/v1/content-profiles", {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "x-forwarded-for": "198.51.100.21",
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });

async function tokenOf(role: Role): Promise<string> {
  const actor = await makeActor(role);
  return (await createApiToken({ actor, input: { name: `${role}-content-api`, expiresInDays: 30 } })).token;
}

// The body matches the operation's response schema exactly: no field missing, none undocumented.
async function onWire<S extends z.ZodType>(response: Response, schema: S, status: number): Promise<z.infer<S>> {
  const json = await response.json();
  expect(response.status, JSON.stringify(json)).toBe(status);
  expect(schema.parse(json)).toEqual(json);
  return json;
}

async function refused(response: Response, status: number) {
  const json = (await response.json()) as { error: { code: string; message: string; fieldErrors?: object } };
  expect(response.status, JSON.stringify(json)).toBe(status);
  return json.error;
}

const newProfile = async (body: Record<string, unknown> = {}) =>
  (
    await onWire(
      await create(
        request("POST", security, { name: `Api ${Math.random().toString(36).slice(2, 8)}`, ...body }),
        noParams,
      ),
      createContentProfileOperation.response,
      201,
    )
  ).profile;

beforeAll(async () => {
  [security, infra, comms, auditor] = await Promise.all([
    tokenOf("security"),
    tokenOf("infra"),
    tokenOf("comms"),
    tokenOf("auditor"),
  ]);
});

describe("/api/v1/content-profiles", () => {
  it("creates a profile, adds rules, edits, reorders, dry-runs and deletes them", async () => {
    const profile = await newProfile({
      spamScore: 10,
      attachmentRules: {
        blockedExtensions: ["exe"],
        blockedTypes: [],
        maxAttachmentBytes: 1_000_000,
        scanArchives: true,
        action: "reject",
      },
    });
    const listed = await onWire(
      await list(request("GET", auditor), noParams),
      listContentProfilesOperation.response,
      200,
    );
    expect(listed.profiles.find((p) => p.id === profile.id)).toMatchObject({ ruleCount: 0, senderCount: 0 });

    const card = await onWire(
      await addRule(
        request("POST", security, { name: "Cards", detector: "card", nearKeywords: ["Karte"], action: "quarantine" }),
        params(profile.id),
      ),
      createDlpRuleOperation.response,
      201,
    );
    const words = await onWire(
      await addRule(
        request("POST", security, { name: "Words", detector: "keywords", keywords: ["Falcon"], action: "tag" }),
        params(profile.id),
      ),
      createDlpRuleOperation.response,
      201,
    );
    const edited = await onWire(
      await patchRule(request("PATCH", security, { enabled: false }), params(profile.id, words.rule.id)),
      updateDlpRuleOperation.response,
      200,
    );
    expect(edited).toMatchObject({ changed: ["enabled"], rule: { enabled: false } });
    const reordered = await reorder(
      request("POST", security, { ruleIds: [words.rule.id, card.rule.id] }),
      params(profile.id),
    );
    expect(reordered.status).toBe(200);

    const detail = await onWire(
      await getOne(request("GET", infra), params(profile.id)),
      getContentProfileOperation.response,
      200,
    );
    expect(detail.rules.map((r) => r.name)).toEqual(["Words", "Cards"]);

    const patched = await onWire(
      await patchOne(request("PATCH", security, { description: "Edited over the API" }), params(profile.id)),
      updateContentProfileOperation.response,
      200,
    );
    expect(patched).toMatchObject({ changed: ["description"], profile: { description: "Edited over the API" } });

    const dry = await onWire(
      await dryRun(request("POST", auditor, { sample: { text: "Karte 4111 1111 1111 1111" } }), params(profile.id)),
      dryRunDlpOperation.response,
      200,
    );
    expect(dry.rules).toEqual([expect.objectContaining({ ruleName: "Cards", outcome: "matched" })]);
    expect(JSON.stringify(dry)).not.toContain("4111 1111 1111 1111");

    expect((await removeRule(request("DELETE", security), params(profile.id, words.rule.id))).status).toBe(200);
    await onWire(
      await removeOne(request("DELETE", security), params(profile.id)),
      deleteContentProfileOperation.response,
      200,
    );
    await refused(await getOne(request("GET", security), params(profile.id)), 404);
  });

  it("refuses bad input with 4xx naming the field", async () => {
    const profile = await newProfile();
    // Missing name, unknown action, a default switched off, malformed JSON.
    expect((await refused(await create(request("POST", security, {}), noParams), 422)).fieldErrors).toHaveProperty(
      "name",
    );
    expect(
      (await refused(await create(request("POST", security, { name: "Xy", spamAction: "require_tls" }), noParams), 422))
        .fieldErrors,
    ).toHaveProperty("spamAction");
    expect(
      (await refused(await create(request("POST", security, { name: "Xy", maxScanBytes: 10 }), noParams), 422))
        .fieldErrors,
    ).toHaveProperty("maxScanBytes");
    await refused(await create(request("POST", security, "{not json"), noParams), 400);
    const accept = await refused(
      await patchOne(request("PATCH", security, { onScannerFailure: "accept" }), params(profile.id)),
      422,
    );
    expect(accept.fieldErrors).toHaveProperty("confirmAcceptUnscanned");

    // A catastrophic regular expression: 422, the message names the pattern.
    const regex = await refused(
      await addRule(
        request("POST", security, { name: "Bad", detector: "regex", pattern: "(a+)+$", action: "reject" }),
        params(profile.id),
      ),
      422,
    );
    expect(regex.message).toMatch(/^pattern: "\(a\+\)\+"/);
    expect(regex.fieldErrors).toHaveProperty("pattern");
    for (const body of [
      { name: "X", detector: "card", action: "reject" },
      { name: "Xy", detector: "luhn", action: "reject" },
      { name: "Xy", detector: "card", action: "reject", minCount: 0 },
      { name: "Xy", detector: "card", action: "reject", nearWithin: "far" },
    ]) {
      await refused(await addRule(request("POST", security, body), params(profile.id)), 422);
    }
    await refused(
      await addRule(request("POST", security, { name: "Xy", detector: "card", action: "reject" }), params("nope")),
      422,
    );
    await refused(
      await addRule(request("POST", security, { name: "Xy", detector: "card", action: "reject" }), params(UNKNOWN_ID)),
      404,
    );
    await refused(await patchRule(request("PATCH", security, { enabled: true }), params(profile.id, UNKNOWN_ID)), 404);
    await refused(await reorder(request("POST", security, { ruleIds: [UNKNOWN_ID] }), params(profile.id)), 422);

    // Dry run: an empty sample, a sample too large.
    await refused(await dryRun(request("POST", security, { sample: {} }), params(profile.id)), 422);
    await refused(
      await dryRun(request("POST", security, { sample: { text: "x".repeat(100_001) } }), params(profile.id)),
      422,
    );
    await refused(await dryRun(request("POST", security, { sample: { text: "x" } }), params(UNKNOWN_ID)), 404);
  });

  it("answers 409 when deleting a default or a profile in use, naming the senders", async () => {
    const profile = await newProfile();
    const domain = await makeDomain(await makeActor("admin"));
    const sender = await makeActiveSender(await makeActor("security"), domain.id, {
      name: "Payroll Mailer",
      contentProfileId: profile.id,
    });
    const inUse = await refused(await removeOne(request("DELETE", security), params(profile.id)), 409);
    expect(inUse.message).toContain(sender.name);
    const listed = await onWire(
      await list(request("GET", security), noParams),
      listContentProfilesOperation.response,
      200,
    );
    const standard = listed.profiles.find((p) => p.name === "Standard");
    expect(standard?.defaultForInternal).toBe(true);
    await refused(await removeOne(request("DELETE", security), params(standard?.id ?? UNKNOWN_ID)), 409);
    await refused(
      await patchOne(request("PATCH", security, { defaultForSaas: false }), params(standard?.id ?? UNKNOWN_ID)),
      409,
    );
  });

  it("lets security manage, infra and auditors read, and comms nothing", async () => {
    const profile = await newProfile();
    await refused(await create(request("POST", infra, { name: "Infra profile" }), noParams), 403);
    await refused(await patchOne(request("PATCH", auditor, { description: "x" }), params(profile.id)), 403);
    await refused(
      await addRule(request("POST", infra, { name: "Xy", detector: "card", action: "reject" }), params(profile.id)),
      403,
    );
    await refused(await list(request("GET", comms), noParams), 403);
    await refused(await dryRun(request("POST", comms, { sample: { text: "x" } }), params(profile.id)), 403);
    expect((await getOne(request("GET", infra), params(profile.id))).status).toBe(200);
  });
});
