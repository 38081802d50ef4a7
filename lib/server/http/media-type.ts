import { AppError } from "@/lib/errors";

// "Application/JSON; charset=utf-8" → "application/json"; "" without a Content-Type.
export function mediaTypeOf(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
}

// 415 naming the accepted types unless the body is declared as one of them.
export function requireMediaType(request: Request, accepted: readonly string[]): string {
  const type = mediaTypeOf(request);
  if (accepted.includes(type)) return type;
  const message = `Send the body with Content-Type ${accepted.join(", ")} (not ${type || "no Content-Type"}).`;
  throw new AppError("unsupported_media_type", message, { "content-type": [`must be one of: ${accepted.join(", ")}`] });
}
