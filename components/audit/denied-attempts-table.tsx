import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { DeniedAttempt } from "@/db/schema";

const SURFACE_LABELS: Record<string, string> = { ui: "action", api: "API", page: "page" };

export function DeniedAttemptsTable({ rows }: { rows: DeniedAttempt[] }) {
  if (rows.length === 0) return <p className="p-4 text-sm text-slate-500">No refused attempt matches these filters.</p>;
  return (
    <Table data-testid="denied-attempts">
      <thead>
        <tr>
          <Th>Minute</Th>
          <Th>Actor</Th>
          <Th>Role</Th>
          <Th>Permission</Th>
          <Th>Surface</Th>
          <Th className="text-right">Count</Th>
          <Th>Last address</Th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <Td className="whitespace-nowrap">
              <LocalTime value={r.minute} />
            </Td>
            <Td>{r.actorLabel}</Td>
            <Td>{r.actorRole ?? "—"}</Td>
            <Td className="font-mono text-xs">{r.permission}</Td>
            <Td>
              <Badge>{SURFACE_LABELS[r.surface] ?? r.surface}</Badge>
            </Td>
            <Td className="text-right tabular-nums">{r.count}</Td>
            <Td className="font-mono text-xs">{r.lastIp ?? "—"}</Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
