import { z } from "zod";
import { senderKindEnum, senderStatusEnum } from "@/db/schema/senders";
import {
  ATTACHMENT_ACTIONS,
  CONTENT_ACTIONS,
  DLP_DETECTORS,
  SCANNER_FAILURE_MODES,
  SPAM_ACTIONS,
} from "@/lib/content/labels";
import {
  createContentProfileSchema,
  dlpRuleFieldsSchema,
  dlpRuleIdSchema,
  dryRunDlpSchema,
  reorderDlpRulesSchema,
  updateContentProfileSchema,
  updateDlpRuleSchema,
} from "@/lib/validations/content";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const TAG = "Content profiles";
const ruleParams = idParams.extend({ ruleId: dlpRuleIdSchema });

// A profile as stored (lib/content; db/schema/content.ts), as it is on the wire.
const contentProfileSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  virusScan: z.boolean(),
  spamScan: z.boolean(),
  spamScore: z.number().describe("rspamd score at or above which spamAction applies"),
  spamAction: z.enum(SPAM_ACTIONS),
  maxScanBytes: z.number().int().describe("Larger messages are treated as onScannerFailure says"),
  onScannerFailure: z
    .enum(SCANNER_FAILURE_MODES)
    .describe("defer: 451 when a scanner cannot answer (default); accept: unscanned, with an alert"),
  attachmentRules: z.object({
    blockedExtensions: z.array(z.string()),
    blockedTypes: z.array(z.string()),
    maxAttachmentBytes: z.number().int().nullable(),
    scanArchives: z.boolean(),
    action: z.enum(ATTACHMENT_ACTIONS),
  }),
  defaultForInternal: z.boolean(),
  defaultForSaas: z.boolean(),
  revision: z.number().int().describe("Goes up with every change of the profile or its rules"),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const dlpRuleSchema = z.object({
  id: z.uuid(),
  profileId: z.uuid(),
  name: z.string(),
  detector: z.enum(DLP_DETECTORS),
  pattern: z.string().nullable(),
  flags: z.string(),
  keywords: z.array(z.string()),
  minCount: z.number().int(),
  nearKeywords: z.array(z.string()).describe("Empty: no nearby keyword needed"),
  nearWithin: z.number().int(),
  action: z.enum(CONTENT_ACTIONS),
  enabled: z.boolean(),
  position: z.number().int(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

const profileUserSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  kind: z.enum(senderKindEnum.enumValues),
  status: z.enum(senderStatusEnum.enumValues),
  contentProfileId: z.uuid().nullable(),
  via: z.enum(["own", "default"]).describe("own: the sender names it; default: its kind's default"),
});

const policyVersion = z.number().int().describe("The policy version relays pick the change up with");
const ruleChangeSchema = z.object({ rule: dlpRuleSchema, profile: contentProfileSchema, policyVersion });

export const listContentProfilesOperation = defineOperation({
  id: "listContentProfiles",
  method: "GET",
  path: "/api/v1/content-profiles",
  summary: "Content profiles with their rule counts and how many senders use each",
  tag: TAG,
  permission: "content:read",
  response: z.object({
    profiles: z.array(
      contentProfileSchema.extend({
        ruleCount: z.number().int(),
        enabledRuleCount: z.number().int(),
        senderCount: z.number().int(),
      }),
    ),
  }),
});

export const createContentProfileOperation = defineOperation({
  id: "createContentProfile",
  method: "POST",
  path: "/api/v1/content-profiles",
  summary:
    "Create a content profile (scanners, spam score, attachment rules; DLP rules are added separately). " +
    'onScannerFailure "accept" needs confirmAcceptUnscanned: true',
  tag: TAG,
  permission: "content:manage",
  body: createContentProfileSchema,
  response: z.object({ profile: contentProfileSchema, policyVersion }),
  successStatus: 201,
});

export const getContentProfileOperation = defineOperation({
  id: "getContentProfile",
  method: "GET",
  path: "/api/v1/content-profiles/{id}",
  summary: "One content profile with its DLP rules in order and the senders using it",
  tag: TAG,
  permission: "content:read",
  params: idParams,
  response: contentProfileSchema.extend({ rules: z.array(dlpRuleSchema), senders: z.array(profileUserSchema) }),
});

export const updateContentProfileOperation = defineOperation({
  id: "updateContentProfile",
  method: "PATCH",
  path: "/api/v1/content-profiles/{id}",
  summary:
    "Edit a content profile: only the fields sent change. Making it a kind's default moves the flag from the " +
    "profile holding it; switching a default off is refused (409)",
  tag: TAG,
  permission: "content:manage",
  params: idParams,
  body: updateContentProfileSchema.omit({ profileId: true }),
  response: z.object({
    profile: contentProfileSchema,
    changed: z.array(z.string()),
    policyVersion: policyVersion.nullable().describe("null when nothing changed"),
  }),
});

export const deleteContentProfileOperation = defineOperation({
  id: "deleteContentProfile",
  method: "DELETE",
  path: "/api/v1/content-profiles/{id}",
  summary: "Delete a content profile and its rules; 409 while it is a default or a sender uses it (named)",
  tag: TAG,
  permission: "content:manage",
  params: idParams,
  response: z.object({ deleted: z.object({ id: z.uuid(), name: z.string() }), policyVersion }),
});

export const createDlpRuleOperation = defineOperation({
  id: "createDlpRule",
  method: "POST",
  path: "/api/v1/content-profiles/{id}/rules",
  summary:
    "Add a DLP rule at the end of the profile's rules. A regular expression that is invalid or can backtrack " +
    "catastrophically is refused (422 naming the pattern)",
  tag: TAG,
  permission: "content:manage",
  params: idParams,
  body: dlpRuleFieldsSchema,
  response: ruleChangeSchema,
  successStatus: 201,
});

export const reorderDlpRulesOperation = defineOperation({
  id: "reorderDlpRules",
  method: "POST",
  path: "/api/v1/content-profiles/{id}/rules/reorder",
  summary: "Put the profile's DLP rules in a new order (ruleIds lists every rule of the profile once)",
  tag: TAG,
  permission: "content:manage",
  params: idParams,
  body: reorderDlpRulesSchema.omit({ profileId: true }),
  response: z.object({
    rules: z.array(dlpRuleSchema),
    profile: contentProfileSchema,
    policyVersion: z.number().nullable(),
  }),
});

export const updateDlpRuleOperation = defineOperation({
  id: "updateDlpRule",
  method: "PATCH",
  path: "/api/v1/content-profiles/{id}/rules/{ruleId}",
  summary: "Edit a DLP rule (only the fields sent change; enabled switches it on or off)",
  tag: TAG,
  permission: "content:manage",
  params: ruleParams,
  body: updateDlpRuleSchema.omit({ profileId: true, ruleId: true }),
  response: ruleChangeSchema.extend({ policyVersion: policyVersion.nullable(), changed: z.array(z.string()) }),
});

export const deleteDlpRuleOperation = defineOperation({
  id: "deleteDlpRule",
  method: "DELETE",
  path: "/api/v1/content-profiles/{id}/rules/{ruleId}",
  summary: "Delete a DLP rule",
  tag: TAG,
  permission: "content:manage",
  params: ruleParams,
  response: z.object({
    deleted: z.object({ id: z.uuid(), name: z.string() }),
    profile: contentProfileSchema,
    policyVersion,
  }),
});

const dryRunMatchSchema = z.object({
  where: z.string().describe("subject, text or html (positions in the HTML's text form)"),
  start: z.number().int(),
  end: z.number().int(),
  redacted: z.string().describe("The match, masked (cards and IBANs keep their last four)"),
  context: z.string().describe("Up to ~40 characters either side, every match in it masked"),
});

export const dryRunDlpOperation = defineOperation({
  id: "dryRunDlp",
  method: "POST",
  path: "/api/v1/content-profiles/{id}/dry-run",
  summary:
    "Try the profile's DLP rules on a pasted sample with the relay's own engine: which rules match and where, " +
    "redacted. The sample is neither stored nor logged",
  tag: TAG,
  permission: "content:read",
  params: idParams,
  body: dryRunDlpSchema.omit({ profileId: true }),
  response: z.object({
    rules: z.array(
      z.object({
        ruleId: z.string(),
        ruleName: z.string(),
        outcome: z.enum(["matched", "not_matched", "error"]),
        count: z.number().int(),
        minCount: z.number().int(),
        error: z.string().nullable(),
        matches: z.array(dryRunMatchSchema),
      }),
    ),
    findings: z.array(
      z.object({
        kind: z.string(),
        ruleId: z.string().optional(),
        ruleName: z.string(),
        action: z.string(),
        where: z.string(),
        count: z.number().int(),
        samples: z.array(z.object({ redacted: z.string(), context: z.string() })),
      }),
    ),
    errors: z.array(z.object({ ruleId: z.string(), ruleName: z.string(), message: z.string() })),
  }),
});
