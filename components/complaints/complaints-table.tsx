import Link from "next/link";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { ComplaintRow } from "@/lib/complaints/list-complaints";

const TYPE_TONES: Record<string, BadgeTone> = {
  abuse: "red",
  fraud: "red",
  virus: "red",
  "not-spam": "green",
  "auth-failure": "amber",
};

export function ComplaintsTable({ rows, emptyText }: { rows: ComplaintRow[]; emptyText: string }) {
  if (rows.length === 0)
    return (
      <EmptyState title={emptyText}>Reports posted to POST /api/v1/complaints or uploaded above show here.</EmptyState>
    );
  return (
    <Table data-testid="complaints-table">
      <thead>
        <tr>
          <Th>Reported</Th>
          <Th>Sender</Th>
          <Th>Type</Th>
          <Th>Recipient</Th>
          <Th>Message</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.eventId} data-testid="complaint-row">
            <Td className="whitespace-nowrap text-xs">
              <LocalTime value={row.at} />
            </Td>
            <Td>
              {row.senderId ? (
                <Link href={`/senders/${row.senderId}`} className="font-medium text-brand-600 hover:underline">
                  {row.senderName ?? row.senderId}
                </Link>
              ) : (
                <Badge tone="amber">unmatched</Badge>
              )}
              {row.fromAddress ? <div className="text-xs text-slate-500">{row.fromAddress}</div> : null}
            </Td>
            <Td>
              <Badge tone={TYPE_TONES[row.feedbackType ?? ""] ?? "neutral"}>{row.feedbackType ?? "unknown"}</Badge>
            </Td>
            <Td className="text-xs break-all">{row.recipient ?? <span className="text-slate-400">withheld</span>}</Td>
            <Td className="text-xs">
              <div className="font-mono break-all">{row.messageId ?? "no Message-ID"}</div>
              {row.detail ? <div className="text-slate-500">{row.detail}</div> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
