import Link from "next/link";
import { formatPct } from "@/components/overview/overview-stats";
import { EmptyState } from "@/components/ui/empty-state";
import { Table, Td, Th } from "@/components/ui/table";
import type { BreakdownRow } from "@/lib/deliverability/breakdowns";

export function TopSendersTable({ rows }: { rows: BreakdownRow[] }) {
  if (rows.length === 0)
    return (
      <EmptyState title="No mail today yet">Senders appear here as soon as relays report accepted mail.</EmptyState>
    );
  return (
    <Table data-testid="top-senders-table">
      <thead>
        <tr>
          <Th>Sender</Th>
          <Th className="text-right">Accepted</Th>
          <Th className="text-right">Delivery</Th>
          <Th className="text-right">Bounce</Th>
          <Th className="text-right">Complaint</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-testid={`top-sender-row-${r.key}`}>
            <Td>
              <Link href={`/senders/${r.key}`} className="font-medium text-brand-600 hover:underline">
                {r.label}
              </Link>
            </Td>
            <Td className="text-right tabular-nums" data-value={r.accepted}>
              {r.accepted.toLocaleString("en-US")}
            </Td>
            <Td className="text-right tabular-nums">{formatPct(r.deliveryRate)}</Td>
            <Td className="text-right tabular-nums">{formatPct(r.bounceRate)}</Td>
            <Td className="text-right tabular-nums">{formatPct(r.complaintRate)}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
