import { z } from "zod";
import { contentFindingSchema } from "@/lib/relay-contract/schemas";
import {
  approveReleaseSchema,
  deleteQuarantinedSchema,
  listQuarantineSchema,
  QUARANTINE_STATUSES,
  rejectReleaseSchema,
  requestReleaseSchema,
} from "@/lib/validations/quarantine";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const status = z.enum(QUARANTINE_STATUSES);
const person = z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable();

const rowSchema = z.object({
  id: z.uuid(),
  receivedAt: z.iso.datetime(),
  senderId: z.uuid().nullable(),
  senderName: z.string().nullable(),
  fromAddress: z.string().nullable(),
  recipientCount: z.number().int(),
  subject: z.string().nullable(),
  verdict: z.string(),
  relayId: z.uuid(),
  relayName: z.string().nullable(),
  status,
});

// The stored message as the domain returns it after a change.
const messageSchema = z.object({
  id: z.uuid(),
  relayId: z.uuid(),
  senderId: z.uuid().nullable(),
  credentialId: z.uuid().nullable(),
  queueId: z.string().nullable(),
  messageId: z.string().nullable(),
  fromAddress: z.string().nullable(),
  recipients: z.array(z.string()),
  subject: z.string().nullable(),
  sizeBytes: z.number().int(),
  verdict: z.string(),
  findings: z.array(contentFindingSchema),
  headers: z.array(z.tuple([z.string(), z.string()])),
  receivedAt: z.iso.datetime(),
  reportedAt: z.iso.datetime(),
  status,
  releaseRequestedBy: z.uuid().nullable(),
  releaseRequestedAt: z.iso.datetime().nullable(),
  releaseReason: z.string().nullable(),
  releasedBy: z.uuid().nullable(),
  releasedAt: z.iso.datetime().nullable(),
  deliveredAt: z.iso.datetime().nullable(),
  deletedBy: z.uuid().nullable(),
  deletedAt: z.iso.datetime().nullable(),
  deleteReason: z.string().nullable(),
  settledAt: z.iso.datetime().nullable(),
});

const detailSchema = messageSchema.extend({
  senderName: z.string().nullable(),
  relayName: z.string().nullable(),
  requester: person,
  approver: person,
  deleter: person,
  timeline: z.array(
    z.object({ at: z.iso.datetime(), title: z.string(), by: z.string().nullable(), note: z.string().nullable() }),
  ),
});

export const listQuarantineOperation = defineOperation({
  id: "listQuarantine",
  method: "GET",
  path: "/api/v1/quarantine",
  summary:
    "Held messages and what became of them, newest first; filters: status, sender (id, name or From), rule or verdict text, relay; `before` is the previous page's nextBefore",
  tag: "Quarantine",
  permission: "quarantine:read",
  query: listQuarantineSchema,
  response: z.object({ rows: z.array(rowSchema), nextBefore: z.string().nullable() }),
});

export const getQuarantinedOperation = defineOperation({
  id: "getQuarantined",
  method: "GET",
  path: "/api/v1/quarantine/{id}",
  summary: "One held message: headers, findings with redacted samples in context, the people and its history",
  tag: "Quarantine",
  permission: "quarantine:read",
  params: idParams,
  response: detailSchema,
});

export const requestReleaseOperation = defineOperation({
  id: "requestQuarantineRelease",
  method: "POST",
  path: "/api/v1/quarantine/{id}/release-request",
  summary: "Ask for a held message to be released, with a reason; another person must approve",
  tag: "Quarantine",
  permission: "quarantine:release",
  params: idParams,
  body: requestReleaseSchema.omit({ quarantineId: true }),
  response: messageSchema,
});

export const approveReleaseOperation = defineOperation({
  id: "approveQuarantineRelease",
  method: "POST",
  path: "/api/v1/quarantine/{id}/release-approve",
  summary:
    "Approve a requested release (never the requester: 403); the holding relay delivers the message within seconds",
  tag: "Quarantine",
  permission: "quarantine:release",
  params: idParams,
  body: approveReleaseSchema.omit({ quarantineId: true }),
  response: z.object({ message: messageSchema, policyVersion: z.number().int() }),
});

export const rejectReleaseOperation = defineOperation({
  id: "rejectQuarantineRelease",
  method: "POST",
  path: "/api/v1/quarantine/{id}/release-reject",
  summary: "Turn a release request down (or withdraw your own), with a comment: the message is held again",
  tag: "Quarantine",
  permission: "quarantine:release",
  params: idParams,
  body: rejectReleaseSchema.omit({ quarantineId: true }),
  response: messageSchema,
});

export const deleteQuarantinedOperation = defineOperation({
  id: "deleteQuarantined",
  method: "POST",
  path: "/api/v1/quarantine/{id}/delete",
  summary: "Delete a held message for good, with a reason; the holding relay removes it within seconds",
  tag: "Quarantine",
  permission: "quarantine:delete",
  params: idParams,
  body: deleteQuarantinedSchema.omit({ quarantineId: true }),
  response: z.object({ message: messageSchema, policyVersion: z.number().int() }),
});
