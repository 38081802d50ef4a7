import "server-only";
import { AppError, toErrorBody } from "@/lib/errors";

// The JSON error response of the API and relay routes: the AppError's status, 422 for invalid
// input, an opaque 500 (logged by toErrorBody) for anything unexpected.
export function jsonError(error: unknown, where: string): Response {
  const body = toErrorBody(error, where);
  const status = error instanceof AppError ? error.status : body.code === "validation_failed" ? 422 : 500;
  return Response.json({ error: body }, { status });
}
