import { z } from "zod";
import { dkimAlgorithmEnum, dkimKeyStatusEnum, domainStatusEnum } from "@/db/schema/domains";
import {
  addDomainSchema,
  generateDkimKeySchema,
  retireDkimKeySchema,
  rotateDkimKeySchema,
} from "@/lib/validations/domains";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const domainSchema = z.object({
  id: z.uuid(),
  domain: z.string().describe("ASCII (punycode) form, lowercased: what DNS and SMTP see"),
  displayName: z.string().describe("Unicode form"),
  status: z.enum(domainStatusEnum.enumValues),
  dmarcReportEmail: z.string().nullable().describe("null: the deployment default (setting dmarc.reportEmail)"),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

// A DKIM key without its private key, which never leaves the server.
const dkimKeySchema = z.object({
  id: z.uuid(),
  domainId: z.uuid(),
  selector: z.string(),
  algorithm: z.enum(dkimAlgorithmEnum.enumValues),
  bits: z.number().int().nullable().describe("RSA modulus size; null for Ed25519"),
  publicKey: z.string().describe("The DNS p= value (base64)"),
  status: z
    .enum(dkimKeyStatusEnum.enumValues)
    .describe(
      "active: signs; published: in DNS, not signing (staged, or the previous key during the overlap); retired",
    ),
  retireAfter: z.iso.datetime().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  retiredAt: z.iso.datetime().nullable(),
});

const dnsRecordSchema = z.object({
  purpose: z.enum(["dkim", "spf", "dmarc", "dmarc-report-authorization"]),
  type: z.literal("TXT"),
  name: z.string().describe("Fully qualified, without the trailing dot"),
  value: z.string(),
  strings: z.array(z.string()).describe("The value split into character-strings of at most 255 bytes"),
  zoneLine: z.string().describe("A line for a BIND-style zone file"),
  selector: z.string().optional(),
  note: z.string().optional(),
});

const domainListItemSchema = z.object({
  id: z.uuid(),
  domain: z.string(),
  displayName: z.string(),
  status: z.enum(domainStatusEnum.enumValues),
  activeSelector: z.string().nullable(),
  keyCount: z.number().int(),
  createdAt: z.iso.datetime(),
});

const policyVersion = z.number().int();

export const listDomainsOperation = defineOperation({
  id: "listDomains",
  method: "GET",
  path: "/api/v1/domains",
  summary: "Sending domains with their active DKIM selector and key count",
  tag: "Domains",
  permission: "domains:read",
  response: z.object({ domains: z.array(domainListItemSchema) }),
});

export const addDomainOperation = defineOperation({
  id: "addDomain",
  method: "POST",
  path: "/api/v1/domains",
  summary: "Register a sending domain with its first DKIM key (active)",
  tag: "Domains",
  permission: "domains:manage",
  body: addDomainSchema,
  response: z.object({ domain: domainSchema, key: dkimKeySchema, policyVersion }),
  successStatus: 201,
});

export const getDomainOperation = defineOperation({
  id: "getDomain",
  method: "GET",
  path: "/api/v1/domains/{id}",
  summary: "One sending domain with its DKIM keys (newest first) and the DNS records to publish",
  tag: "Domains",
  permission: "domains:read",
  params: idParams,
  response: z.object({
    domain: domainSchema,
    keys: z.array(dkimKeySchema),
    dns: z.object({ records: z.array(dnsRecordSchema), warnings: z.array(z.string()) }),
    reportEmail: z.string(),
    reportEmailIsDefault: z.boolean(),
  }),
});

export const generateDkimKeyOperation = defineOperation({
  id: "generateDkimKey",
  method: "POST",
  path: "/api/v1/domains/{id}/dkim-keys",
  summary: "Generate a DKIM key: active at once when the domain has none, else staged (publish it, then rotate to it)",
  tag: "Domains",
  permission: "domains:manage",
  params: idParams,
  body: generateDkimKeySchema.omit({ domainId: true }),
  response: z.object({ key: dkimKeySchema, activated: z.boolean(), policyVersion }),
  successStatus: 201,
});

export const rotateDkimKeyOperation = defineOperation({
  id: "rotateDkimKey",
  method: "POST",
  path: "/api/v1/domains/{id}/dkim-keys/rotate",
  summary:
    "Make a new key (or the staged keyId) active; the previous one stays published for overlapDays (0 retires it at once)",
  tag: "Domains",
  permission: "domains:manage",
  params: idParams,
  body: rotateDkimKeySchema.omit({ domainId: true }),
  response: z.object({
    key: dkimKeySchema,
    previous: dkimKeySchema.nullable(),
    overlapDays: z.number().int(),
    policyVersion,
  }),
});

export const retireDkimKeyOperation = defineOperation({
  id: "retireDkimKey",
  method: "POST",
  path: "/api/v1/dkim-keys/{id}/retire",
  summary: "Retire a published (not the active) DKIM key before its time, with a reason",
  tag: "Domains",
  permission: "domains:manage",
  params: idParams,
  body: retireDkimKeySchema.omit({ keyId: true }),
  response: z.object({ key: dkimKeySchema, policyVersion }),
});
