import "server-only";
import type { z } from "zod";
import { recordDeniedAttempt } from "@/lib/denied-attempts/record-denied-attempt";
import { AppError, type ErrorBody, parseInput, statusOf, toErrorBody } from "@/lib/errors";
import { requireMfaSetUp } from "./mfa/mfa-gate";
import { can, type Permission } from "./permissions";
import { currentSession, type SessionContext } from "./session";

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false; status: number } & ErrorBody);

// Authenticates and authorizes on the server; the only way a page, action or route reaches data.
export async function requirePermission(permission: Permission): Promise<SessionContext> {
  const session = await requireSignedIn();
  await requireMfaSetUp(session);
  if (!can(session.user.role, permission)) {
    // Counted (aggregated per minute, outside the audit chain); never fails the 403 itself.
    await recordDeniedAttempt({ actor: session.actor, permission, surface: "ui" });
    throw new AppError("forbidden", `Your role (${session.user.role}) does not allow this (${permission}).`);
  }
  return session;
}

// Any signed-in user, before the MFA requirement is checked: only for actions on your own sign-in
// (enrolling a second factor, confirming it's you), which a user who must enrol first needs.
export async function requireSignedIn(): Promise<SessionContext> {
  const session = await currentSession();
  if (!session) throw new AppError("unauthenticated", "Sign in to continue.");
  return session;
}

function formToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    const previous = out[key];
    out[key] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return out;
}

// A server action: checks the session and permission first, then parses the input (FormData is
// flattened to an object) with the schema, so the handler gets typed input, and turns every
// error into a result the form can show, with the same status the API would answer.
//   export const revokeCredentialAction = guardedAction("credentials:revoke", revokeCredentialSchema,
//     ({ actor }, input) => revokeCredential({ actor, input }));
export function guardedAction<S extends z.ZodType, T>(
  permission: Permission,
  schema: S,
  handler: (session: SessionContext, input: z.output<S>) => Promise<T>,
) {
  return runGuarded(() => requirePermission(permission), `action ${permission}`, schema, handler);
}

// A server action on the caller's own sign-in (two-factor enrolment, step-up): any signed-in user,
// also one who must still enrol a second factor (requireSignedIn).
export function selfServiceAction<S extends z.ZodType, T>(
  schema: S,
  handler: (session: SessionContext, input: z.output<S>) => Promise<T>,
) {
  return runGuarded(requireSignedIn, "action self-service", schema, handler);
}

function runGuarded<S extends z.ZodType, T>(
  authorize: () => Promise<SessionContext>,
  where: string,
  schema: S,
  handler: (session: SessionContext, input: z.output<S>) => Promise<T>,
) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    try {
      const session = await authorize();
      const parsed = parseInput(schema, input instanceof FormData ? formToObject(input) : input);
      return { ok: true, data: await handler(session, parsed) };
    } catch (error) {
      const body = toErrorBody(error, where);
      return { ok: false, status: statusOf(body), ...body };
    }
  };
}
