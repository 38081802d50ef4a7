import "server-only";
import { requirePermission } from "@/lib/auth/guard";
import type { Permission } from "@/lib/auth/permissions";
import type { SessionContext } from "@/lib/auth/session";
import { AppError, toErrorBody } from "@/lib/errors";

export function jsonError(error: unknown, where: string): Response {
  const body = toErrorBody(error, where);
  const status = error instanceof AppError ? error.status : body.code === "validation_failed" ? 422 : 500;
  return Response.json({ error: body }, { status });
}

// Wraps a JSON route handler: 401 without a session, 403 without the permission, 4xx for bad
// input, an opaque 500 (logged) for anything unexpected.
export function jsonRoute(permission: Permission, handler: (session: SessionContext, request: Request) => Promise<unknown>) {
  return async (request: Request): Promise<Response> => {
    try {
      const session = await requirePermission(permission);
      const result = await handler(session, request);
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return jsonError(error, `${request.method} ${new URL(request.url).pathname}`);
    }
  };
}
