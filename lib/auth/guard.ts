import "server-only";
import { AppError, type ErrorBody, toErrorBody } from "@/lib/errors";
import { type Permission, can } from "./permissions";
import { type SessionContext, currentSession } from "./session";

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false; status: number } & ErrorBody);

// Authenticates and authorizes on the server; the only way a page, action or route reaches data.
export async function requirePermission(permission: Permission): Promise<SessionContext> {
  const session = await currentSession();
  if (!session) throw new AppError("unauthenticated", "Sign in to continue.");
  if (!can(session.user.role, permission)) {
    throw new AppError("forbidden", `Your role (${session.user.role}) does not allow this (${permission}).`);
  }
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

// Wraps a server action: checks the session and permission first, hands the handler plain input
// (FormData flattened to an object), and turns every error into a result the form can show.
export function guardedAction<T>(permission: Permission, handler: (session: SessionContext, input: unknown) => Promise<T>) {
  return async (input: unknown): Promise<ActionResult<T>> => {
    try {
      const session = await requirePermission(permission);
      const plain = input instanceof FormData ? formToObject(input) : input;
      return { ok: true, data: await handler(session, plain) };
    } catch (error) {
      const body = toErrorBody(error, `action ${permission}`);
      return { ok: false, status: error instanceof AppError ? error.status : 500, ...body };
    }
  };
}
