// GET /api/v1/openapi.json – the management API's OpenAPI document (public: it holds no data).
import { openApiDocument } from "@/lib/server/api/openapi";

let cached: ReturnType<typeof openApiDocument> | undefined;

export function GET() {
  cached ??= openApiDocument();
  return Response.json(cached);
}
