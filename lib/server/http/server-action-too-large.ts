import { AppError } from "@/lib/errors";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "./body-limits";
import { readRawBody } from "./read-raw-body";

// Next answers a server action past its own bodySizeLimit with a 500, so the proxy answers 413
// first: from Content-Length, or for a body without one (chunked) by counting the proxy's own copy
// of it (Next hands the action a separate copy, so nothing is taken from it).
export async function serverActionTooLarge(request: Request): Promise<boolean> {
  const declared = request.headers.get("content-length");
  if (declared !== null) return Number(declared) > SERVER_ACTION_BODY_LIMIT_BYTES;
  try {
    await readRawBody(request, SERVER_ACTION_BODY_LIMIT_BYTES);
    return false;
  } catch (error) {
    if (error instanceof AppError && error.code === "payload_too_large") return true;
    throw error;
  }
}
