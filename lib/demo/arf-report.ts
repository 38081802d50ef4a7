// An ARF feedback report (RFC 5965) about a delivered message, the way a mailbox provider's
// feedback loop would send it: a human part, the machine-readable part, and the original headers.
export function buildArfReport({
  originalHeaders,
  recipient,
  reporter = "feedback-loop.mailbox.example",
}: {
  originalHeaders: string;
  recipient: string;
  reporter?: string;
}): string {
  const boundary = `arf_${Math.random().toString(36).slice(2)}`;
  const now = new Date().toUTCString();
  return [
    `From: <fbl@${reporter}>`,
    `To: <fbl@example.com>`,
    `Date: ${now}`,
    "Subject: FW: Abuse report",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain; charset=us-ascii",
    "",
    "This is an email abuse report for a message received by one of our users.",
    "",
    `--${boundary}`,
    "Content-Type: message/feedback-report",
    "",
    "Feedback-Type: abuse",
    `User-Agent: ${reporter}/1.0`,
    "Version: 1",
    `Original-Rcpt-To: <${recipient}>`,
    `Arrival-Date: ${now}`,
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    originalHeaders.trimEnd(),
    "",
    `--${boundary}--`,
    "",
  ].join("\r\n");
}
