import { z } from "zod";
import { userIdSchema } from "./users";

const sessionIdSchema = z.uuid("Unknown session id");

// Why a session was revoked: optional, shown on the Sessions page and in the audit log.
const revokeReasonSchema = z.preprocess(
  (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
  z.string().trim().max(500, "Reason must be at most 500 characters").optional(),
);

export const revokeSessionSchema = z.object({ sessionId: sessionIdSchema, reason: revokeReasonSchema });
// "Sign out everywhere else": every live session of the caller but the one making the request.
export const revokeOtherSessionsSchema = z.object({ reason: revokeReasonSchema });
// An admin ends every live session of one user.
export const revokeUserSessionsSchema = z.object({ userId: userIdSchema, reason: revokeReasonSchema });
export const listUserSessionsSchema = z.object({ userId: userIdSchema });

export type RevokeSessionInput = z.infer<typeof revokeSessionSchema>;
export type RevokeOtherSessionsInput = z.infer<typeof revokeOtherSessionsSchema>;
export type RevokeUserSessionsInput = z.infer<typeof revokeUserSessionsSchema>;
export type ListUserSessionsInput = z.infer<typeof listUserSessionsSchema>;
