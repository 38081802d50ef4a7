import { AppError } from "@/lib/errors";
import { LARGEST_BODY_LIMIT_BYTES } from "./body-limits";

const kb = (bytes: number) => `${Math.round(bytes / 1024)} KB`;

// Reads a body as bytes with a byte limit, counting what the stream delivers whatever the framing
// (Content-Length or chunked): 413 from Content-Length alone, or as soon as the stream passes the
// limit (so an oversized upload is not buffered whole).
export async function readRawBody(request: Request, limitBytes: number): Promise<Buffer> {
  // Past Next's proxy buffer a body may be cut short before we see it (body-limits.ts).
  if (limitBytes > LARGEST_BODY_LIMIT_BYTES)
    throw new Error(`Body limit ${limitBytes} exceeds LARGEST_BODY_LIMIT_BYTES`);
  const tooLarge = () => new AppError("payload_too_large", `The body is larger than ${kb(limitBytes)}.`);
  if (Number(request.headers.get("content-length") ?? 0) > limitBytes) throw tooLarge();
  if (!request.body) return Buffer.alloc(0);
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limitBytes) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
