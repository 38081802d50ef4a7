// POST /api/v1/dmarc-reports – one DMARC aggregate report (XML, gzip or zip) as the raw body; stored
// once per org + report id, its sources classified and alerts evaluated. apiRoute checks the media
// type (415); the bytes are counted as they arrive (413 past the limit, chunked or not).

import { ingestDmarcReport } from "@/lib/dmarc/ingest-report";
import { DMARC_MAX_INPUT_BYTES } from "@/lib/dmarc/safe-decompress";
import { uploadDmarcReportOperation } from "@/lib/server/api/operations/posture";
import { apiRoute } from "@/lib/server/http/api-route";
import { readRawBody } from "@/lib/server/http/read-raw-body";

export const POST = apiRoute(uploadDmarcReportOperation, async ({ actor }, request) => {
  const file = await readRawBody(request, DMARC_MAX_INPUT_BYTES);
  const result = await ingestDmarcReport({ actor, input: { file, source: "api" } });
  return Response.json(result, { status: result.duplicate ? 200 : 201 });
});
