import Link from "next/link";
import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { SuppressionRow } from "@/lib/suppressions/list-suppressions";
import { REASON_LABELS } from "@/lib/suppressions/suppression-status";

const REASON_TONES: Record<SuppressionRow["reason"], BadgeTone> = {
  hard_bounce: "amber",
  complaint: "red",
  manual: "blue",
};
const STATUS_TONES: Record<SuppressionRow["status"], BadgeTone> = {
  active: "red",
  expired: "neutral",
  removed: "green",
};

export function SuppressionsTable({
  rows,
  emptyTitle,
  actions,
}: {
  rows: SuppressionRow[];
  emptyTitle: string;
  // The row's buttons (the page passes the remove dialog to those who may remove).
  actions?: (row: SuppressionRow) => ReactNode;
}) {
  if (rows.length === 0)
    return (
      <EmptyState title={emptyTitle}>
        Recipients that hard-bounce or complain are suppressed automatically; relays refuse them at RCPT.
      </EmptyState>
    );
  return (
    <Table data-testid="suppressions-table">
      <thead>
        <tr>
          <Th>Address</Th>
          <Th>Sender</Th>
          <Th>Reason</Th>
          <Th>Since</Th>
          <Th>Until</Th>
          <Th>Status</Th>
          <Th />
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.id} data-testid="suppression-row" data-address={row.address}>
            <Td className="text-xs break-all font-medium">{row.address}</Td>
            <Td>
              {row.senderId ? (
                <Link href={`/senders/${row.senderId}`} className="font-medium text-brand-600 hover:underline">
                  {row.senderName ?? row.senderId}
                </Link>
              ) : (
                <Badge tone="blue">every sender</Badge>
              )}
            </Td>
            <Td>
              <Badge tone={REASON_TONES[row.reason]}>{REASON_LABELS[row.reason]}</Badge>
              {row.detail ? <div className="mt-1 max-w-xs text-xs text-slate-500 break-words">{row.detail}</div> : null}
            </Td>
            <Td className="whitespace-nowrap text-xs">
              <LocalTime value={row.createdAt} />
            </Td>
            <Td className="whitespace-nowrap text-xs">{row.expiresAt ? <LocalTime value={row.expiresAt} /> : "—"}</Td>
            <Td>
              <Badge tone={STATUS_TONES[row.status]}>{row.status}</Badge>
              {row.status === "removed" ? (
                <div className="mt-1 text-xs text-slate-500" data-testid="suppression-removed-note">
                  by {row.removedBy}: {row.removeReason}
                </div>
              ) : null}
            </Td>
            <Td>{row.status === "active" && actions ? actions(row) : null}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
