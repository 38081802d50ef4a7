import { z } from "zod";
import { deniedAttemptsFilterSchema } from "@/lib/validations/denied-attempts";
import { recertificationReportSchema } from "@/lib/validations/recertification";
import { defineOperation } from "../operation";

const recertificationRowSchema = z.object({
  id: z.uuid(),
  senderId: z.uuid(),
  senderName: z.string(),
  outcome: z.enum(["confirmed", "no_longer_needed"]),
  confirmedBy: z.string().describe("The address the link was sent to"),
  confirmedAt: z.iso.datetime(),
  ip: z.string().nullable(),
  reviewDateBefore: z.iso.date(),
  reviewDateAfter: z.iso.date().nullable(),
  campaignId: z.uuid(),
  campaignStartedBy: z.string(),
  scope: z
    .object({
      fromDomains: z.array(z.string()),
      allowedFromAddresses: z.array(z.string()),
      allowedCidrs: z.array(z.string()),
      rateLimitPerMinute: z.number().int(),
      rateLimitPerDay: z.number().int(),
      revision: z.number().int(),
    })
    .describe("The sender's scope as shown to the owner when they answered"),
});

export const listRecertificationsOperation = defineOperation({
  id: "listRecertifications",
  method: "GET",
  path: "/api/v1/recertifications",
  summary: "Re-certification answers (who confirmed which sender, its scope, when, from where), newest first",
  tag: "Governance",
  permission: "recertification:read",
  query: recertificationReportSchema,
  response: z.object({
    rows: z.array(recertificationRowSchema),
    page: z.number().int(),
    pageCount: z.number().int(),
    total: z.number().int(),
  }),
});

export const exportRecertificationsOperation = defineOperation({
  id: "exportRecertificationsCsv",
  method: "GET",
  path: "/api/v1/recertifications/export.csv",
  summary: "The re-certification report as CSV (text/csv, RFC 4180), every answer matching the filters",
  tag: "Governance",
  permission: "recertification:read",
  query: recertificationReportSchema.omit({ page: true, limit: true }),
  response: z.string().describe("text/csv: a header line, then one line per answer"),
});

const deniedAttemptSchema = z.object({
  id: z.uuid(),
  actorKey: z.string(),
  actorId: z.uuid().nullable(),
  actorLabel: z.string(),
  actorRole: z.string().nullable(),
  permission: z.string(),
  surface: z.string(),
  minute: z.iso.datetime(),
  count: z.number().int(),
  lastIp: z.string().nullable(),
  lastAt: z.iso.datetime(),
});

export const listDeniedAttemptsOperation = defineOperation({
  id: "listDeniedAttempts",
  method: "GET",
  path: "/api/v1/denied-attempts",
  summary: "Refused authorizations (403), counted per actor, permission, surface and minute, newest first",
  tag: "Audit",
  permission: "audit:read",
  query: deniedAttemptsFilterSchema,
  response: z.object({
    rows: z.array(deniedAttemptSchema),
    page: z.number().int(),
    pageCount: z.number().int(),
    total: z.number().int(),
  }),
});
