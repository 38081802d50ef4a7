import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { RecertificationRow } from "@/lib/recertification/list-recertifications";

// The re-certification report: who answered for which sender, what scope they saw, when, from where.
export function RecertificationTable({ rows }: { rows: RecertificationRow[] }) {
  if (rows.length === 0) return <p className="p-4 text-sm text-slate-500">No answers match these filters.</p>;
  return (
    <Table data-testid="recertification-report">
      <thead>
        <tr>
          <Th>When</Th>
          <Th>Sender</Th>
          <Th>Answer</Th>
          <Th>By</Th>
          <Th>Scope confirmed</Th>
          <Th>Review date</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <Td className="whitespace-nowrap">
              <LocalTime value={r.confirmedAt} />
            </Td>
            <Td>{r.senderName}</Td>
            <Td>
              {r.outcome === "confirmed" ? (
                <Badge tone="green">still needed</Badge>
              ) : (
                <Badge tone="amber">no longer needed</Badge>
              )}
            </Td>
            <Td>
              <div>{r.confirmedBy}</div>
              <div className="text-xs text-slate-500">{r.ip ?? "no address"}</div>
            </Td>
            <Td className="text-xs">
              <div>From: {r.scope.fromDomains.join(", ") || "(none)"}</div>
              {r.scope.allowedFromAddresses.length ? (
                <div>Addresses: {r.scope.allowedFromAddresses.join(", ")}</div>
              ) : null}
              <div>Networks: {r.scope.allowedCidrs.join(", ") || "any"}</div>
              <div className="text-slate-500">revision {r.scope.revision}</div>
            </Td>
            <Td className="whitespace-nowrap text-xs">
              {r.reviewDateBefore}
              {r.reviewDateAfter ? ` → ${r.reviewDateAfter}` : ""}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
