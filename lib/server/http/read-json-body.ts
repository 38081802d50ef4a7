import { AppError } from "@/lib/errors";
import { readRawBody } from "./read-raw-body";

// Reads a JSON body with a byte limit counted as it streams in (413 past it, whatever the framing),
// 400 for text that is not JSON, {} for an empty body.
export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
  const text = (await readRawBody(request, limitBytes)).toString("utf8");
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}
