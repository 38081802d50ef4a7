import { z } from "zod";
import {
  policyVersionDiffQuerySchema,
  policyVersionListSchema,
  policyVersionParamsSchema,
} from "@/lib/validations/policy-history";
import { defineOperation } from "../operation";

const versionSummarySchema = z.object({
  version: z.number().int(),
  createdAt: z.iso.datetime(),
  reason: z.string(),
  actorId: z.uuid().nullable(),
  actorLabel: z.string(),
  recorded: z.boolean(),
  checkpoint: z.boolean(),
  sizeBytes: z.number().int().nullable(),
  relaysApplied: z.number().int(),
});

export const listPolicyVersionsOperation = defineOperation({
  id: "listPolicyVersions",
  method: "GET",
  path: "/api/v1/policy-versions",
  summary:
    "Policy versions, newest first, with who made each and how many relays applied it; pass nextBefore as before",
  tag: "Policy history",
  permission: "policy_history:read",
  query: policyVersionListSchema,
  response: z.object({ versions: z.array(versionSummarySchema), nextBefore: z.number().int().nullable() }),
});

export const diffPolicyVersionOperation = defineOperation({
  id: "diffPolicyVersion",
  method: "GET",
  path: "/api/v1/policy-versions/{version}/diff",
  summary:
    "What changed from version `against` (default: the one before; 0: the empty policy) to this version, as readable lines, with the audit entries that caused it and the relays that applied it",
  tag: "Policy history",
  permission: "policy_history:read",
  params: policyVersionParamsSchema,
  query: policyVersionDiffQuerySchema,
  response: z.object({
    from: versionSummarySchema.nullable(),
    to: versionSummarySchema,
    lines: z
      .array(z.object({ subject: z.string(), change: z.enum(["added", "removed", "changed"]), text: z.string() }))
      .nullable(),
    unavailable: z.string().nullable(),
    audit: z.array(
      z.object({
        version: z.number().int(),
        seq: z.number().int(),
        at: z.iso.datetime(),
        actorLabel: z.string(),
        action: z.string(),
        targetType: z.string(),
        targetId: z.string().nullable(),
        reason: z.string().nullable(),
      }),
    ),
    auditMore: z.boolean(),
    relays: z.array(
      z.object({ version: z.number().int(), relayId: z.uuid(), relayName: z.string(), appliedAt: z.iso.datetime() }),
    ),
    relaysMore: z.boolean(),
  }),
});
