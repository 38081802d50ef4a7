import net from "node:net";
import { AppError } from "@/lib/errors";
import { FEEDBACK_TYPES, type FeedbackType } from "./feedback-types";
import { ARF_MAX_BYTES } from "./limits";
import {
  addressOf,
  decodeEncodedWords,
  decodeTransfer,
  type HeaderMap,
  normalizeMessageId,
  parseContentType,
  parseHeaderBlock,
  splitEntity,
  splitMultipart,
} from "./mime";

// Reads a feedback-loop report in the Abuse Reporting Format (RFC 5965): a multipart/report with
// report-type=feedback-report whose parts are a human-readable text, the machine-readable
// message/feedback-report fields, and the original message (message/rfc822, or only its headers
// as text/rfc822-headers). Strict: anything else is a validation_failed naming the problem.

export { ARF_MAX_BYTES, FEEDBACK_TYPES, type FeedbackType };

const FIELD_MAX_CHARS = 998;
// A Date header this far ahead of our clock is treated as wrong.
const CLOCK_SKEW_MS = 5 * 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ArfReport {
  // Unknown feedback types are kept as "other"; feedbackTypeRaw keeps what the provider sent.
  feedbackType: FeedbackType;
  feedbackTypeRaw: string;
  userAgent: string | null;
  version: string | null;
  originalMailFrom: string | null;
  originalRcptTo: string[];
  // Arrival-Date (or the older Received-Date) as sent, and parsed when it is a valid date.
  arrivalDateRaw: string | null;
  arrivalDate: Date | null;
  sourceIp: string | null;
  reportedDomains: string[];
  // The report's own Date header, when valid and not in the future.
  reportDate: Date | null;
  original: {
    messageId: string | null;
    from: string | null;
    to: string | null;
    subject: string | null;
    // Tracing headers the relay may add; optional, and only kept when well-formed.
    // What X-Switchyard-Sender / -Queue-Id claim: anyone can write these, never trusted for matching.
    switchyardSenderId: string | null;
    switchyardQueueId: string | null;
    // The relay's signed X-Switchyard-Tag, verified by match-complaint (message-tag.ts).
    switchyardTag: string | null;
    // true when the provider sent the headers only (text/rfc822-headers, or a body-less rfc822).
    headersOnly: boolean;
  };
}

const invalid = (message: string) => new AppError("validation_failed", message);
const clip = (value: string | null) => (value == null ? null : value.slice(0, FIELD_MAX_CHARS));

function toText(raw: Buffer | string): string {
  const bytes = typeof raw === "string" ? Buffer.byteLength(raw) : raw.length;
  if (bytes > ARF_MAX_BYTES)
    throw new AppError("payload_too_large", `The report is larger than ${ARF_MAX_BYTES / 1024 / 1024} MB.`);
  if (bytes === 0) throw invalid("The report is empty.");
  const buffer = typeof raw === "string" ? null : raw;
  if (buffer ? buffer.includes(0) : (raw as string).includes("\u0000"))
    throw invalid("The report is binary data, not a text MIME message.");
  const text = buffer ? buffer.toString("utf8") : (raw as string);
  // Uploaded .eml files sometimes keep the mbox "From " separator line.
  return text.replace(/\r\n?/g, "\n").replace(/^From [^\n]*\n/, "");
}

function pastDate(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value.slice(0, 200).replace(/\s*\([^)]*\)\s*$/, ""));
  return Number.isNaN(date.getTime()) || date.getTime() > Date.now() + CLOCK_SKEW_MS ? null : date;
}

function single(headers: HeaderMap, name: string, where: string): string | null {
  const values = headers.all(name);
  if (values.length > 1)
    throw invalid(`${name} appears ${values.length} times in the ${where}; RFC 5965 allows it once.`);
  return values[0] ?? null;
}

function feedbackFields(headers: HeaderMap) {
  const where = "feedback report";
  const rawType = single(headers, "Feedback-Type", where);
  if (!rawType)
    throw invalid(
      "Feedback-Type missing: the message/feedback-report part must name the feedback type (RFC 5965 §3.1).",
    );
  const feedbackTypeRaw = rawType.trim().toLowerCase();
  if (!/^[a-z0-9][a-z0-9-]{0,63}$/.test(feedbackTypeRaw))
    throw invalid(`Feedback-Type "${rawType.slice(0, 64)}" is not a feedback type token.`);
  const feedbackType = (FEEDBACK_TYPES as readonly string[]).includes(feedbackTypeRaw)
    ? (feedbackTypeRaw as FeedbackType)
    : "other";
  const arrivalDateRaw = clip(single(headers, "Arrival-Date", where) ?? headers.get("Received-Date"));
  const sourceIp = headers.get("Source-IP")?.trim() ?? null;
  return {
    feedbackType,
    feedbackTypeRaw,
    userAgent: clip(single(headers, "User-Agent", where)),
    version: clip(single(headers, "Version", where)),
    originalMailFrom: clip(addressOf(headers.get("Original-Mail-From")) ?? headers.get("Original-Mail-From")),
    originalRcptTo: headers
      .all("Original-Rcpt-To")
      .map((v) => addressOf(v) ?? v.trim())
      .filter(Boolean)
      .slice(0, 50),
    arrivalDateRaw,
    arrivalDate: pastDate(arrivalDateRaw),
    sourceIp: sourceIp && net.isIP(sourceIp) ? sourceIp : null,
    reportedDomains: headers
      .all("Reported-Domain")
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean)
      .slice(0, 20),
  };
}

function originalFields(text: string, headersOnly: boolean): ArfReport["original"] {
  const { head, hasBody } = splitEntity(text.replace(/^\n+/, ""));
  const headers = parseHeaderBlock(head, "original message", { strict: false });
  const known = ["message-id", "from", "to", "subject", "date", "received"];
  if (!headers.fields.some((f) => known.includes(f.name.toLowerCase()))) {
    throw invalid(
      "The original message headers are missing: the third part holds no Message-ID, From, To, Subject, Date or Received header.",
    );
  }
  const senderId = headers.get("X-Switchyard-Sender")?.trim() ?? null;
  const queueId = headers.get("X-Switchyard-Queue-Id")?.trim() ?? null;
  return {
    messageId: normalizeMessageId(headers.get("Message-ID")),
    from: clip(headers.get("From") && decodeEncodedWords(headers.get("From")!)),
    to: clip(headers.get("To") && decodeEncodedWords(headers.get("To")!)),
    subject: clip(headers.get("Subject") && decodeEncodedWords(headers.get("Subject")!)),
    switchyardSenderId: senderId && UUID.test(senderId) ? senderId.toLowerCase() : null,
    switchyardQueueId: queueId && /^[\x21-\x7e]{1,200}$/.test(queueId) ? queueId : null,
    switchyardTag: headers.get("X-Switchyard-Tag")?.trim().slice(0, 400) ?? null,
    headersOnly: headersOnly || !hasBody,
  };
}

export function parseArf(raw: Buffer | string): ArfReport {
  const text = toText(raw);
  const top = splitEntity(text);
  if (!/^[\x21-\x39\x3b-\x7e]+[ \t]*:/.test(text))
    throw invalid("The report is not a MIME message: it does not start with header fields.");
  const headers = parseHeaderBlock(top.head, "report's header section", { strict: true });
  const contentType = parseContentType(headers.get("Content-Type"));
  if (!contentType) throw invalid("The report is not multipart/report: it has no valid Content-Type header.");
  if (contentType.type !== "multipart/report")
    throw invalid(
      `The report is not multipart/report (it is ${contentType.type}); a feedback report is multipart/report; report-type=feedback-report.`,
    );
  const reportType = (contentType.params["report-type"] ?? "").toLowerCase();
  if (reportType !== "feedback-report") {
    throw invalid(
      `The report is a multipart/report of report-type "${reportType || "(none)"}", not feedback-report${reportType === "delivery-status" ? " (that is a bounce, not a complaint)" : ""}.`,
    );
  }
  if (!top.hasBody) throw invalid("The report has headers but no body.");
  const parts = splitMultipart(top.body, contentType.params.boundary ?? "", "multipart/report body").map(
    (part, index) => {
      const { head, body } = splitEntity(part);
      const partHeaders = parseHeaderBlock(head, `header section of part ${index + 1}`, { strict: true });
      return {
        index,
        headers: partHeaders,
        type: parseContentType(partHeaders.get("Content-Type"))?.type ?? "text/plain",
        body,
      };
    },
  );
  const feedback = parts.find((p) => p.type === "message/feedback-report");
  if (!feedback)
    throw invalid("No message/feedback-report part: the report lacks the machine-readable feedback fields.");
  const feedbackText = decodeTransfer(
    feedback.body,
    feedback.headers.get("Content-Transfer-Encoding"),
    "message/feedback-report part",
  ).trim();
  const fields = feedbackFields(parseHeaderBlock(feedbackText, "message/feedback-report part", { strict: true }));
  const original = parts.find(
    (p) =>
      p.index > feedback.index && ["message/rfc822", "text/rfc822-headers", "message/rfc822-headers"].includes(p.type),
  );
  if (!original?.body.trim())
    throw invalid(
      "The original message headers are missing: no message/rfc822 or text/rfc822-headers part follows the feedback fields.",
    );
  const originalText = decodeTransfer(
    original.body,
    original.headers.get("Content-Transfer-Encoding"),
    `${original.type} part`,
  );
  return {
    ...fields,
    reportDate: pastDate(headers.get("Date")),
    original: originalFields(originalText, original.type !== "message/rfc822"),
  };
}
