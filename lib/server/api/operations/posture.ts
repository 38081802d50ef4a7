import { z } from "zod";
import { DMARC_MAX_INPUT_BYTES } from "@/lib/dmarc/safe-decompress";
import { sourcesQuerySchema } from "@/lib/validations/posture";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

// What POST /api/v1/dmarc-reports accepts as the raw report file (the format itself is detected
// from the first bytes, so a gzip sent as application/octet-stream works).
export const DMARC_REPORT_MEDIA_TYPES = [
  "application/xml",
  "text/xml",
  "application/gzip",
  "application/x-gzip",
  "application/zip",
  "application/octet-stream",
] as const;

export const ingestResultSchema = z.object({
  id: z.uuid().describe("The stored report"),
  reportId: z.string().describe("The reporter's own report id (report_metadata/report_id)"),
  orgName: z.string().describe("The reporter (report_metadata/org_name); with reportId it identifies the report"),
  domain: z.string().describe("policy_published/domain (ASCII)"),
  domainId: z.uuid().nullable().describe("The sending domain it matched; null when the domain is not registered"),
  duplicate: z.boolean().describe("true when this report was already stored (answered with 200, stored once)"),
  records: z.number().int(),
  messages: z.number().int(),
  format: z.enum(["xml", "gzip", "zip"]),
});

const findingSchema = z.object({
  id: z.string(),
  area: z.enum(["spf", "dkim", "dmarc"]),
  severity: z.enum(["ok", "info", "warning", "critical"]),
  title: z.string(),
  fix: z.string().nullable(),
  record: z.object({ name: z.string(), value: z.string() }).optional().describe("The TXT record to publish"),
  data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
});

const sourceSchema = z.object({
  sourceIp: z.string(),
  messages: z.number(),
  spfPass: z.number(),
  dkimPass: z.number(),
  dmarcPass: z.number(),
  dispositions: z.object({ none: z.number(), quarantine: z.number(), reject: z.number() }),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
  reports: z.number().int(),
  authDomains: z.array(z.string()),
  classification: z.object({
    kind: z.enum(["relay", "sender", "provider", "unknown"]),
    label: z.string(),
    senderId: z.uuid().optional(),
    providerId: z.string().optional(),
    catalogVendor: z.string().nullable().optional(),
    network: z.string().optional(),
    via: z.enum(["egress", "sender-cidrs", "range", "auth-domain", "reverse-dns"]).optional(),
  }),
  reverseName: z.string().nullable(),
  mark: z
    .object({
      verdict: z.string(),
      note: z.string().nullable(),
      markedAt: z.iso.datetime(),
      markedBy: z.string().nullable(),
    })
    .nullable(),
  highlight: z.boolean(),
  registration: z.object({ label: z.string(), href: z.string() }).nullable(),
});

export const domainPostureSchema = z.object({
  domain: z.object({ id: z.uuid(), domain: z.string(), displayName: z.string() }),
  window: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), days: z.number().int(), hasReports: z.boolean() }),
  check: z
    .object({
      id: z.uuid(),
      domainId: z.uuid(),
      checkedAt: z.iso.datetime(),
      status: z.enum(["ok", "warning", "critical"]),
      findings: z.array(findingSchema),
      durationMs: z.number().int(),
    })
    .nullable(),
  sources: z.array(sourceSchema),
  passRate: z.array(
    z.object({ day: z.string(), messages: z.number(), dmarcPass: z.number(), passRate: z.number().nullable() }),
  ),
  pathToReject: z.object({
    items: z.array(
      z.object({ id: z.string(), label: z.string(), state: z.enum(["done", "todo", "pending"]), detail: z.string() }),
    ),
    ready: z.boolean(),
    policy: z.string().nullable(),
  }),
});

export const uploadDmarcReportOperation = defineOperation({
  id: "uploadDmarcReport",
  method: "POST",
  path: "/api/v1/dmarc-reports",
  summary: `Store a DMARC aggregate report (RFC 7489 XML, or gzip or zip of it, up to ${DMARC_MAX_INPUT_BYTES / (1024 * 1024)} MB) sent as the raw body. 201 when new, 200 with duplicate: true when the same org + report id was already stored, 413 when too large, 422 naming what is wrong`,
  tag: "Domain posture",
  permission: "domains:manage",
  rawBody: {
    mediaTypes: DMARC_REPORT_MEDIA_TYPES,
    description:
      "The report file exactly as the receiver sent it: XML, .xml.gz or .zip. The format is detected from its first bytes.",
  },
  response: ingestResultSchema,
  successStatus: 201,
});

export const getDomainPostureOperation = defineOperation({
  id: "getDomainPosture",
  method: "GET",
  path: "/api/v1/domains/{id}/posture",
  summary:
    "A sending domain's posture: latest SPF/DKIM/DMARC check with fixes, sources seen in DMARC reports (classified), daily pass rate, and the path to p=reject",
  tag: "Domain posture",
  permission: "domains:read",
  params: idParams,
  query: sourcesQuerySchema,
  response: domainPostureSchema,
});
