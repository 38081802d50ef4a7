import { AppError } from "@/lib/errors";

// Reads a JSON body with a byte limit: 413 past the limit (checked before and after reading),
// 400 for text that is not JSON, {} for an empty body.
export async function readJsonBody(request: Request, limitBytes: number): Promise<unknown> {
  const tooLarge = () => new AppError("payload_too_large", `The body is larger than ${Math.round(limitBytes / 1024)} KB.`);
  if (Number(request.headers.get("content-length") ?? 0) > limitBytes) throw tooLarge();
  const text = await request.text();
  if (Buffer.byteLength(text) > limitBytes) throw tooLarge();
  if (!text.trim()) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The body is not valid JSON.");
  }
}
