import { z } from "zod";
import { auditFilterSchema } from "@/lib/validations/audit";
import { defineOperation } from "../operation";

const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.iso.datetime(),
  actorId: z.uuid().nullable(),
  actorLabel: z.string(),
  actorRole: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  reason: z.string().nullable(),
  ip: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  prevHash: z.string(),
  hash: z.string(),
});

export const listAuditOperation = defineOperation({
  id: "listAudit",
  method: "GET",
  path: "/api/v1/audit",
  summary: "Audit entries, newest first; pass nextBefore as before for the next page",
  tag: "Audit",
  permission: "audit:read",
  query: auditFilterSchema,
  response: z.object({ entries: z.array(auditEntrySchema), nextBefore: z.number().int().nullable() }),
});
