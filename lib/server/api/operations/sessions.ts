import { z } from "zod";
import { revokeOtherSessionsSchema } from "@/lib/validations/sessions";
import { defineOperation } from "../operation";
import { idParams } from "./credentials";

const sessionSchema = z.object({
  id: z.uuid(),
  userId: z.uuid(),
  device: z.string().describe('browser and operating system read from the user agent, e.g. "Chrome 131 on Linux"'),
  userAgent: z.string().nullable(),
  ip: z.string().nullable(),
  method: z.enum(["password", "oidc"]),
  status: z.enum(["active", "expired", "revoked"]),
  createdAt: z.iso.datetime(),
  lastSeenAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().describe("when the session cookie stops working (8 hours after sign-in)"),
  revokedAt: z.iso.datetime().nullable(),
  revokedBy: z.string().nullable(),
  revokeReason: z.string().nullable(),
  current: z.boolean().describe("the dashboard's own session; always false over the API"),
});

export const listUserSessionsOperation = defineOperation({
  id: "listUserSessions",
  method: "GET",
  path: "/api/v1/users/{id}/sessions",
  summary: "A user's last 50 sign-in sessions (live, expired and revoked), newest first; 404 for an unknown user",
  tag: "Users",
  permission: "users:manage",
  params: idParams,
  response: z.object({ sessions: z.array(sessionSchema) }),
});

export const revokeUserSessionsOperation = defineOperation({
  id: "revokeUserSessions",
  method: "DELETE",
  path: "/api/v1/users/{id}/sessions",
  summary: "End every live session of a user (signed out at their next request); audited",
  tag: "Users",
  permission: "users:manage",
  params: idParams,
  body: revokeOtherSessionsSchema,
  response: z.object({ revoked: z.number().int() }),
});
