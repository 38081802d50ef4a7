import { AppError } from "@/lib/errors";

// Reads a body as bytes with a byte limit: 413 from Content-Length alone, or as soon as the
// stream passes the limit (so an oversized upload is not buffered whole).
export async function readRawBody(request: Request, limitBytes: number): Promise<Buffer> {
  const tooLarge = () => new AppError("payload_too_large", `The body is larger than ${Math.round(limitBytes / 1024)} KB.`);
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
