import { z } from "zod";
import { issueCredentialSchema, revokeCredentialSchema, rotateCredentialSchema } from "@/lib/validations/credentials";
import { defineOperation } from "../operation";

export const idParams = z.object({ id: z.uuid("Unknown id") });

const credentialSchema = z.object({
  id: z.uuid(),
  senderId: z.uuid(),
  username: z.string(),
  secretPrefix: z.string(),
  secretLast4: z.string(),
  allowedCidrs: z.array(z.string()),
  expiresAt: z.iso.datetime().nullable(),
  status: z.enum(["active", "revoked", "expired"]),
  rotatedFromId: z.uuid().nullable(),
  createdBy: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
  revokedBy: z.uuid().nullable(),
  revokedAt: z.iso.datetime().nullable(),
  revokeReason: z.string().nullable(),
  lastUsedAt: z.iso.datetime().nullable(),
  lastUsedFrom: z.string().nullable(),
});

const issuedSchema = z.object({
  credential: credentialSchema,
  secret: z.string().describe("The SMTP password. Returned in this response only; store it now."),
  policyVersion: z.number().int(),
});

export const listCredentialsOperation = defineOperation({
  id: "listSenderCredentials",
  method: "GET",
  path: "/api/v1/senders/{id}/credentials",
  summary: "A sender's SMTP credentials (never their secrets or verifiers)",
  tag: "Credentials",
  permission: "credentials:read",
  params: idParams,
  response: z.object({
    credentials: z.array(credentialSchema.extend({ createdByEmail: z.string().nullable(), displayStatus: z.string() })),
  }),
});

export const issueCredentialOperation = defineOperation({
  id: "issueCredential",
  method: "POST",
  path: "/api/v1/senders/{id}/credentials",
  summary: "Issue an SMTP credential for an active sender (at most two active); the secret is in this response only",
  tag: "Credentials",
  permission: "credentials:issue",
  params: idParams,
  body: issueCredentialSchema.omit({ senderId: true }),
  response: issuedSchema,
  successStatus: 201,
});

export const rotateCredentialOperation = defineOperation({
  id: "rotateCredential",
  method: "POST",
  path: "/api/v1/credentials/{id}/rotate",
  summary: "Issue a successor; the old credential stays valid for overlapHours, then expires",
  tag: "Credentials",
  permission: "credentials:issue",
  params: idParams,
  body: rotateCredentialSchema.omit({ credentialId: true }),
  response: issuedSchema.extend({ previous: credentialSchema }),
  successStatus: 201,
});

export const revokeCredentialOperation = defineOperation({
  id: "revokeCredential",
  method: "POST",
  path: "/api/v1/credentials/{id}/revoke",
  summary: "Revoke a credential at once, with a reason",
  tag: "Credentials",
  permission: "credentials:revoke",
  params: idParams,
  body: revokeCredentialSchema.omit({ credentialId: true }),
  response: z.object({ credential: credentialSchema, policyVersion: z.number().int() }),
});
