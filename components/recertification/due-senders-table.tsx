import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Table, Td, Th } from "@/components/ui/table";
import type { DueSender } from "@/lib/recertification/due-senders";

export function DueSendersTable({ senders }: { senders: DueSender[] }) {
  if (senders.length === 0) return <p className="p-4 text-sm text-slate-500">No sender is due in this window.</p>;
  return (
    <Table data-testid="due-senders">
      <thead>
        <tr>
          <Th>Sender</Th>
          <Th>Owner contact</Th>
          <Th>Review date</Th>
          <Th>Status</Th>
        </tr>
      </thead>
      <tbody>
        {senders.map((s) => (
          <tr key={s.id}>
            <Td>
              <Link href={`/senders/${s.id}`} className="font-medium text-brand-600 hover:underline">
                {s.name}
              </Link>
            </Td>
            <Td>{s.contactEmail}</Td>
            <Td className="whitespace-nowrap">
              {s.reviewDate}{" "}
              {s.daysOverdue > 0 ? (
                <Badge tone="red">{s.daysOverdue} days overdue</Badge>
              ) : (
                <Badge>in {-s.daysOverdue} days</Badge>
              )}
            </Td>
            <Td>{s.status}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
