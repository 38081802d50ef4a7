import Link from "next/link";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { SuppressionCounts } from "@/lib/deliverability/suppression-counts";

const fmt = (n: number) => n.toLocaleString("en-US");

// Suppressed recipients (refused at RCPT): now, and added in the range, per sender.
export function SuppressionSummary({ counts }: { counts: SuppressionCounts }) {
  return (
    <Card data-testid="deliverability-suppressions">
      <CardHeader
        title="Suppressed recipients"
        description={`${fmt(counts.suppressedNow)} suppressed now · ${fmt(counts.addedInRange)} added in this range. Relays refuse them at RCPT (550 5.1.1).`}
      />
      {counts.bySender.length > 0 ? (
        <Table>
          <thead>
            <tr>
              <Th>Sender</Th>
              <Th className="text-right">Suppressed now</Th>
              <Th className="text-right">Added in range</Th>
            </tr>
          </thead>
          <tbody>
            {counts.bySender.slice(0, 10).map((row) => (
              <tr key={row.senderId ?? "global"}>
                <Td>
                  <Link
                    href={`/suppressions?sender=${row.senderId ?? "global"}`}
                    className="font-medium text-brand-600 hover:underline"
                  >
                    {row.senderId ? (row.senderName ?? row.senderId) : "Every sender"}
                  </Link>
                </Td>
                <Td className="text-right tabular-nums">{fmt(row.suppressedNow)}</Td>
                <Td className="text-right tabular-nums">{fmt(row.addedInRange)}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      ) : null}
    </Card>
  );
}
