import Link from "next/link";
import { QuarantineStatusBadge } from "@/components/quarantine/quarantine-status-badge";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { QuarantineRow } from "@/lib/quarantine/list-quarantine";

const link = "font-medium text-brand-600 hover:underline";

export function QuarantineTable({
  rows,
  emptyTitle,
  emptyText,
}: {
  rows: QuarantineRow[];
  emptyTitle: string;
  emptyText: string;
}) {
  if (rows.length === 0) return <EmptyState title={emptyTitle}>{emptyText}</EmptyState>;
  return (
    <Table data-testid="quarantine-table">
      <thead>
        <tr>
          <Th>Received</Th>
          <Th>Sender</Th>
          <Th>From</Th>
          <Th className="text-right">Recipients</Th>
          <Th>Verdict</Th>
          <Th>Relay</Th>
          <Th>Status</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="quarantine-row">
            <Td className="whitespace-nowrap text-xs">
              <Link href={`/quarantine/${row.id}`} className={link} data-testid="quarantine-open">
                <LocalTime value={row.receivedAt} />
              </Link>
            </Td>
            <Td>
              {row.senderId && row.senderName ? (
                <Link href={`/senders/${row.senderId}`} className={link}>
                  {row.senderName}
                </Link>
              ) : (
                <Badge tone="amber">{row.senderId ? "unknown sender" : "unauthenticated"}</Badge>
              )}
            </Td>
            <Td className="text-xs break-all">{row.fromAddress ?? <span className="text-slate-400">none</span>}</Td>
            <Td className="text-right tabular-nums">{row.recipientCount}</Td>
            <Td className="text-xs">
              <Link href={`/quarantine/${row.id}`} className="hover:underline">
                {row.verdict}
              </Link>
              {row.subject ? <div className="truncate text-slate-500">{row.subject}</div> : null}
            </Td>
            <Td className="text-xs">{row.relayName ?? row.relayId}</Td>
            <Td>
              <QuarantineStatusBadge status={row.status} />
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
