// POST /api/v1/dmarc-reports – one DMARC aggregate report (XML, gzip or zip) as the raw body; stored
// once per org + report id, its sources classified and alerts evaluated.
import { DMARC_REPORT_MEDIA_TYPES, uploadDmarcReportOperation } from "@/lib/api/operations/posture";
import { ingestDmarcReport } from "@/lib/dmarc/ingest-report";
import { DMARC_MAX_INPUT_BYTES } from "@/lib/dmarc/safe-decompress";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { readRawBody } from "@/lib/http/read-raw-body";

export const POST = apiRoute(uploadDmarcReportOperation, async ({ actor }, request) => {
  const mediaType = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (!(DMARC_REPORT_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw new AppError("bad_request", `Send the report file as the body with Content-Type ${DMARC_REPORT_MEDIA_TYPES.join(", ")} (not ${mediaType || "no type"}).`);
  }
  const file = await readRawBody(request, DMARC_MAX_INPUT_BYTES);
  const result = await ingestDmarcReport({ actor, input: { file, source: "api" } });
  return Response.json(result, { status: result.duplicate ? 200 : 201 });
});
