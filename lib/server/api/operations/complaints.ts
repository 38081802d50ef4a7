import { z } from "zod";
import { FEEDBACK_TYPES } from "@/lib/complaints/feedback-types";
import { defineOperation } from "../operation";

// What the endpoint accepts as the raw report; anything else is refused with 400 before parsing.
export const COMPLAINT_MEDIA_TYPES = [
  "message/rfc822",
  "text/plain",
  "application/octet-stream",
  "multipart/report",
] as const;

export const complaintResultSchema = z.object({
  eventId: z.string().describe("arf-<sha256>: the same report always gets the same id"),
  duplicate: z.boolean().describe("true when this report was already recorded (answered with 200, counted once)"),
  matched: z
    .object({
      by: z
        .enum(["message-id", "header"])
        .describe(
          "message-id: a relay reported the original Message-ID; header: only the relay's signed X-Switchyard-Tag",
        ),
      senderId: z.uuid().nullable(),
      senderName: z.string().nullable(),
      messageId: z.string().nullable(),
    })
    .nullable()
    .describe("null when neither the Message-ID nor a sender header identified the sender"),
  feedbackType: z.enum(FEEDBACK_TYPES),
});

export const submitComplaintOperation = defineOperation({
  id: "submitComplaint",
  method: "POST",
  path: "/api/v1/complaints",
  summary:
    "Record a feedback-loop complaint: the raw ARF report (RFC 5965, multipart/report; report-type=feedback-report, up to 2 MB) as the body. 201 when new, 200 with duplicate: true when already recorded, 422 naming what is malformed",
  tag: "Complaints",
  permission: "complaints:submit",
  rawBody: {
    mediaTypes: COMPLAINT_MEDIA_TYPES,
    description:
      "The whole report message, headers included (Content-Type message/rfc822, text/plain or application/octet-stream). Sending only the MIME body with Content-Type multipart/report; report-type=feedback-report; boundary=… works too.",
  },
  response: complaintResultSchema,
  successStatus: 201,
});
