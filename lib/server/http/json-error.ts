import "server-only";
import { statusOf, toErrorBody } from "@/lib/errors";

// The JSON error response of the API and relay routes: the AppError's status, 422 for invalid
// input, an opaque 500 (logged by toErrorBody) for anything unexpected.
export function jsonError(error: unknown, where: string): Response {
  const body = toErrorBody(error, where);
  return Response.json({ error: body }, { status: statusOf(body) });
}
