// POST /api/v1/complaints – one feedback-loop report (ARF, RFC 5965) as the raw body; recorded as
// a `complained` event matched to its sender and message, counted once however often it is posted.
// apiRoute checks the media type (415); the bytes are counted as they arrive (413 past the limit).

import { ARF_MAX_BYTES } from "@/lib/complaints/limits";
import { recordComplaint } from "@/lib/complaints/record-complaint";
import { submitComplaintOperation } from "@/lib/server/api/operations/complaints";
import { apiRoute } from "@/lib/server/http/api-route";
import { mediaTypeOf } from "@/lib/server/http/media-type";
import { readRawBody } from "@/lib/server/http/read-raw-body";

export const POST = apiRoute(submitComplaintOperation, async ({ actor }, request) => {
  const body = await readRawBody(request, ARF_MAX_BYTES);
  // Only the MIME body was sent: its Content-Type header travelled as the HTTP header.
  const report =
    mediaTypeOf(request) === "multipart/report"
      ? Buffer.concat([Buffer.from(`Content-Type: ${request.headers.get("content-type")}\r\n\r\n`), body])
      : body;
  const result = await recordComplaint({ actor, input: { report } });
  return Response.json(result, { status: result.duplicate ? 200 : 201 });
});
