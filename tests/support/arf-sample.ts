// A minimal, valid ARF report (RFC 5965) with a unique Message-ID, for tests that need a fresh
// report each call (the authorization matrix, for one).
export function arfSample(
  unique: string,
  { senderId, feedbackType = "abuse" }: { senderId?: string; feedbackType?: string } = {},
): string {
  const boundary = `arf-${unique}`;
  return [
    "From: fbl@mailbox.example",
    "To: fbl@example.com",
    "Subject: Feedback report",
    "MIME-Version: 1.0",
    `Content-Type: multipart/report; report-type=feedback-report; boundary="${boundary}"`,
    "",
    `--${boundary}`,
    "Content-Type: text/plain",
    "",
    "This is an email abuse report.",
    `--${boundary}`,
    "Content-Type: message/feedback-report",
    "",
    `Feedback-Type: ${feedbackType}`,
    "User-Agent: SampleFBL/1.0",
    "Version: 1",
    `Original-Rcpt-To: user-${unique}@mailbox.example`,
    "",
    `--${boundary}`,
    "Content-Type: text/rfc822-headers",
    "",
    "From: app@example.com",
    `To: user-${unique}@mailbox.example`,
    "Subject: Hello",
    `Message-ID: <sample-${unique}@example.com>`,
    ...(senderId ? [`X-Switchyard-Sender: ${senderId}`] : []),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}
