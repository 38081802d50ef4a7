import Link from "next/link";
import type { ReactNode } from "react";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { QuarantineDetail } from "@/lib/quarantine/get-quarantined";

// Long recipient lists (up to 10,000) are cut for the page; the API returns them all.
const SHOWN_RECIPIENTS = 50;

function Row({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 break-words" data-testid={testId}>
        {children}
      </dd>
    </>
  );
}

const none = <span className="text-slate-400">none</span>;

export function MessageFacts({ message }: { message: QuarantineDetail }) {
  const shown = message.recipients.slice(0, SHOWN_RECIPIENTS);
  const more = message.recipients.length - shown.length;
  return (
    <Card>
      <CardHeader title="Message" />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-2 px-4 py-3 text-sm">
        <Row label="Received">
          <LocalTime value={message.receivedAt} />
        </Row>
        <Row label="Sender" testId="quarantine-sender">
          {message.senderId && message.senderName ? (
            <Link href={`/senders/${message.senderId}`} className="text-brand-600 hover:underline">
              {message.senderName}
            </Link>
          ) : (
            (message.senderId ?? "unauthenticated")
          )}
        </Row>
        <Row label="From">{message.fromAddress ?? none}</Row>
        <Row label={`Recipients (${message.recipients.length})`}>
          {shown.length ? (
            <ul className="font-mono text-xs">
              {shown.map((r) => (
                <li key={r}>{r}</li>
              ))}
              {more > 0 ? <li className="text-slate-500">and {more} more</li> : null}
            </ul>
          ) : (
            none
          )}
        </Row>
        <Row label="Subject">{message.subject ?? none}</Row>
        <Row label="Size">{message.sizeBytes.toLocaleString("en-US")} bytes</Row>
        <Row label="Relay">{message.relayName ?? message.relayId}</Row>
        <Row label="Queue id">
          <span className="font-mono text-xs">{message.queueId ?? "none"}</span>
        </Row>
        <Row label="Message-ID">
          <span className="font-mono text-xs break-all">{message.messageId ?? "none"}</span>
        </Row>
      </dl>
    </Card>
  );
}
