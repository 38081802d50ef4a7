import { z } from "zod";
import { changeRequestStatusEnum } from "@/db/schema/sender-change-requests";
import { senderKindEnum, senderStatusEnum } from "@/db/schema/senders";
import {
  changeRequestIdSchema,
  changeSenderStatusSchema,
  createSenderSchema,
  decideChangeRequestSchema,
  decideSenderSchema,
  senderListQuerySchema,
  updateSenderSchema,
} from "@/lib/validations/senders";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const senderDomainSchema = z.object({
  id: z.uuid(),
  domain: z.string().describe("ASCII (punycode) form, as relays see it"),
  displayName: z.string(),
  status: z.enum(["active", "retired"]),
});

// A sender as the domain functions return it (lib/senders/sender-view.ts), as it is on the wire.
const senderSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string(),
  kind: z.enum(senderKindEnum.enumValues),
  vendor: z.string().nullable().describe("SaaS vendor id from the catalog; null for internal applications"),
  ownerTeam: z.string(),
  contactEmail: z.string(),
  purpose: z.string(),
  allowedFromAddresses: z
    .array(z.string())
    .describe("Exact addresses or *@domain; empty: any address at an allowed domain"),
  allowedCidrs: z.array(z.string()).describe("Source networks; empty: any source"),
  rateLimitPerMinute: z.number().int(),
  rateLimitPerDay: z.number().int(),
  reviewDate: z.iso.date(),
  contentProfileId: z
    .uuid()
    .nullable()
    .describe("The content profile it names; null: the default profile for its kind"),
  status: z.enum(senderStatusEnum.enumValues),
  revision: z
    .number()
    .int()
    .describe("Goes up with every edit; a registration decision names the revision it reviewed"),
  requestedBy: z.uuid().nullable(),
  requestedAt: z.iso.datetime(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionComment: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  domains: z.array(senderDomainSchema).describe("The From domains the sender may use"),
  needsReview: z.boolean().describe("The review date has passed (re-certification due)"),
});

const personSchema = z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable();

const relayFieldEnum = z.enum([
  "fromDomainIds",
  "allowedFromAddresses",
  "allowedCidrs",
  "rateLimitPerMinute",
  "rateLimitPerDay",
  "contentProfileId",
]);
const editableFieldEnum = z.enum([
  ...relayFieldEnum.options,
  "name",
  "kind",
  "vendor",
  "ownerTeam",
  "contactEmail",
  "purpose",
  "reviewDate",
]);

// A change request as lib/senders/change-requests.ts stores it (db/schema/sender-change-requests.ts).
const changeRequestSchema = z.object({
  id: z.uuid(),
  senderId: z.uuid(),
  revision: z
    .number()
    .int()
    .describe("Goes up whenever the request is amended; a decision names the revision it reviewed"),
  changes: z
    .object({
      fromDomainIds: z.array(z.uuid()).optional(),
      allowedFromAddresses: z.array(z.string()).optional(),
      allowedCidrs: z.array(z.string()).optional(),
      rateLimitPerMinute: z.number().int().optional(),
      rateLimitPerDay: z.number().int().optional(),
      contentProfileId: z.uuid().nullable().optional().describe("A profile with fewer checks; null: the default"),
    })
    .describe("The full proposed value of each widened field"),
  status: z.enum(changeRequestStatusEnum.enumValues),
  requestedBy: z.uuid().nullable().describe("Who last requested or amended it"),
  requestedAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  decisionComment: z.string().nullable(),
});

const changeRequestViewSchema = changeRequestSchema.extend({
  requester: personSchema,
  decider: personSchema,
  authorIds: z.array(z.uuid()).describe("Everyone who requested or amended it; none of them may decide on it"),
});

const changeRequestParams = idParams.extend({ requestId: changeRequestIdSchema });

// decideSenderSchema and updateSenderSchema are plain objects: the path carries the sender id.
// changeSenderStatusSchema is a discriminated union, so each option drops senderId on its own.
const [activateBody, resumeBody, suspendBody, retireBody] = changeSenderStatusSchema.options;
export const senderStatusBodySchema = z.discriminatedUnion(
  "action",
  [
    activateBody.omit({ senderId: true }),
    resumeBody.omit({ senderId: true }),
    suspendBody.omit({ senderId: true }),
    retireBody.omit({ senderId: true }),
  ],
  { error: "Action must be one of: activate, suspend, resume, retire" },
);

// The page's query schema; needsReview defaults to false when absent, so the docs say optional.
const senderListQuery = senderListQuerySchema.extend({
  needsReview: senderListQuerySchema.shape.needsReview
    .optional()
    .describe("true, 1 or on: only senders whose review date has passed"),
});

export const listSendersOperation = defineOperation({
  id: "listSenders",
  method: "GET",
  path: "/api/v1/senders",
  summary: "Senders with the Senders page's filters, sort and pagination",
  tag: "Senders",
  permission: "senders:read",
  query: senderListQuery,
  response: z.object({
    senders: z.array(senderSchema),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
    pageCount: z.number().int(),
  }),
});

export const registerSenderOperation = defineOperation({
  id: "registerSender",
  method: "POST",
  path: "/api/v1/senders",
  summary: "Register a sender: a request (status requested) that another person must approve",
  tag: "Senders",
  permission: "senders:register",
  body: createSenderSchema,
  response: senderSchema,
  successStatus: 201,
});

export const getSenderOperation = defineOperation({
  id: "getSender",
  method: "GET",
  path: "/api/v1/senders/{id}",
  summary: "One sender with its From domains, requester and decider",
  tag: "Senders",
  permission: "senders:read",
  params: idParams,
  response: senderSchema.extend({ requester: personSchema, decider: personSchema }),
});

export const updateSenderOperation = defineOperation({
  id: "updateSender",
  method: "PATCH",
  path: "/api/v1/senders/{id}",
  summary:
    "Edit a sender's details: only the fields sent change. On an approved, active or suspended sender a widening change (new From domain or address, new source network, higher rate) waits in a change request for another person: 202",
  tag: "Senders",
  permission: "senders:update",
  params: idParams,
  body: updateSenderSchema.omit({ senderId: true }),
  response: senderSchema.extend({
    applied: z.array(editableFieldEnum).describe("Fields that changed at once"),
    awaitingApproval: z
      .array(relayFieldEnum)
      .describe("Fields in the pending change request, waiting for a second person"),
    changeRequest: changeRequestSchema
      .nullable()
      .describe("The pending change request (answered with 202), or null (200)"),
  }),
  alsoAnswers: {
    status: 202,
    description: "Saved; part of the change awaits approval by another person (changeRequest)",
  },
});

export const decideSenderOperation = defineOperation({
  id: "decideSender",
  method: "POST",
  path: "/api/v1/senders/{id}/decision",
  summary: "Approve or reject a requested sender, with a comment; the requester can never decide (four-eyes)",
  tag: "Senders",
  permission: "senders:approve",
  params: idParams,
  body: decideSenderSchema.omit({ senderId: true }),
  response: senderSchema,
});

export const changeSenderStatusOperation = defineOperation({
  id: "changeSenderStatus",
  method: "POST",
  path: "/api/v1/senders/{id}/status",
  summary: "Activate, suspend, resume or retire a sender (suspend and retire need a reason)",
  tag: "Senders",
  permission: "senders:lifecycle",
  params: idParams,
  body: senderStatusBodySchema,
  response: z.object({
    sender: senderSchema,
    policyVersion: z
      .number()
      .int()
      .nullable()
      .describe("The new policy version when relays must pick the change up, else null"),
  }),
});

export const listChangeRequestsOperation = defineOperation({
  id: "listSenderChangeRequests",
  method: "GET",
  path: "/api/v1/senders/{id}/change-requests",
  summary: "A sender's change requests (widening edits awaiting or past a second person's decision), newest first",
  tag: "Senders",
  permission: "senders:read",
  params: idParams,
  response: z.object({ changeRequests: z.array(changeRequestViewSchema) }),
});

export const decideChangeRequestOperation = defineOperation({
  id: "decideSenderChangeRequest",
  method: "POST",
  path: "/api/v1/senders/{id}/change-requests/{requestId}/decision",
  summary:
    "Approve or reject a pending change request, naming the revision reviewed (409 if it was amended since); its requester can never decide",
  tag: "Senders",
  permission: "senders:approve",
  params: changeRequestParams,
  body: decideChangeRequestSchema.omit({ senderId: true, requestId: true }),
  response: z.object({
    sender: senderSchema,
    changeRequest: changeRequestSchema,
    policyVersion: z
      .number()
      .int()
      .nullable()
      .describe("The new policy version when relays must pick the change up, else null"),
  }),
});

export const withdrawChangeRequestOperation = defineOperation({
  id: "withdrawSenderChangeRequest",
  method: "POST",
  path: "/api/v1/senders/{id}/change-requests/{requestId}/withdraw",
  summary: "Withdraw a pending change request; the sender keeps what was approved",
  tag: "Senders",
  permission: "senders:update",
  params: changeRequestParams,
  response: z.object({ changeRequest: changeRequestSchema }),
});
