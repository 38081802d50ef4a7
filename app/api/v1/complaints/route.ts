// POST /api/v1/complaints – one feedback-loop report (ARF, RFC 5965) as the raw body; recorded as
// a `complained` event matched to its sender and message, counted once however often it is posted.
import { COMPLAINT_MEDIA_TYPES, submitComplaintOperation } from "@/lib/api/operations/complaints";
import { ARF_MAX_BYTES } from "@/lib/complaints/limits";
import { recordComplaint } from "@/lib/complaints/record-complaint";
import { AppError } from "@/lib/errors";
import { apiRoute } from "@/lib/http/api-route";
import { readRawBody } from "@/lib/http/read-raw-body";

export const POST = apiRoute(submitComplaintOperation, async ({ actor }, request) => {
  const contentType = request.headers.get("content-type") ?? "message/rfc822";
  const mediaType = contentType.split(";")[0].trim().toLowerCase();
  if (!(COMPLAINT_MEDIA_TYPES as readonly string[]).includes(mediaType)) {
    throw new AppError("bad_request", `Send the report itself as the body with Content-Type message/rfc822 (not ${mediaType || "an empty type"}).`);
  }
  const body = await readRawBody(request, ARF_MAX_BYTES);
  // Only the MIME body was sent: its Content-Type header travelled as the HTTP header.
  const report = mediaType === "multipart/report" ? Buffer.concat([Buffer.from(`Content-Type: ${contentType}\r\n\r\n`), body]) : body;
  const result = await recordComplaint({ actor, input: { report } });
  return Response.json(result, { status: result.duplicate ? 200 : 201 });
});
