import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { type QuarantineStatus, quarantinedMessages } from "@/db/schema";
import { AppError } from "@/lib/errors";
import type { QuarantineReport } from "@/lib/relay-contract/schemas";
import { countQuarantineReport } from "@/lib/server/metrics/record-metrics";

export interface ReportAnswer {
  id: string;
  status: QuarantineStatus;
  // true when the control plane already had this message (a retried report).
  duplicate: boolean;
}

// A relay holds a message: its metadata and the redacted findings are stored, idempotently by the
// id the relay made. The relay comes from the token, never the body. The sender and credential
// ids are kept as reported even when unknown here (a sender deleted since, a newer relay), like
// events. A report is data, not a change by a person: it is counted (metrics), not audited.
export async function reportQuarantined({
  relayId,
  input,
}: {
  relayId: string;
  input: QuarantineReport;
}): Promise<ReportAnswer> {
  const [inserted] = await getDb()
    .insert(quarantinedMessages)
    .values({
      id: input.id,
      relayId,
      senderId: input.senderId,
      credentialId: input.credentialId,
      queueId: input.queueId,
      messageId: input.messageId,
      fromAddress: input.from,
      recipients: input.recipients,
      subject: input.subject,
      sizeBytes: input.sizeBytes,
      verdict: input.verdict,
      findings: input.findings,
      headers: input.headers,
      receivedAt: new Date(input.receivedAt),
    })
    .onConflictDoNothing({ target: quarantinedMessages.id })
    .returning({ id: quarantinedMessages.id, status: quarantinedMessages.status });
  if (inserted) {
    countQuarantineReport("recorded");
    return { ...inserted, duplicate: false };
  }
  const [existing] = await getDb()
    .select({ id: quarantinedMessages.id, status: quarantinedMessages.status, relayId: quarantinedMessages.relayId })
    .from(quarantinedMessages)
    .where(eq(quarantinedMessages.id, input.id));
  // Ids are random UUIDs made by relays: one already held by another relay is not this message.
  if (!existing || existing.relayId !== relayId)
    throw new AppError("conflict", "Another relay already reported a held message with this id.");
  countQuarantineReport("duplicate");
  return { id: existing.id, status: existing.status, duplicate: true };
}
