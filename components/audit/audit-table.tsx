import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { AuditEntry } from "@/db/schema";

function tone(action: string) {
  if (action.includes("failed") || action.includes("locked") || action.includes("disable")) return "red" as const;
  if (action.includes("create") || action.includes("enable")) return "green" as const;
  return "neutral" as const;
}

function Change({ before, after }: { before: unknown; after: unknown }) {
  if (before == null && after == null) return null;
  return (
    <details className="mt-1 text-xs text-slate-500">
      <summary className="cursor-pointer">changes</summary>
      <pre className="mt-1 max-w-md overflow-x-auto whitespace-pre-wrap">
        {JSON.stringify({ before, after }, null, 2)}
      </pre>
    </details>
  );
}

export function AuditTable({ entries, emptyText }: { entries: AuditEntry[]; emptyText: string }) {
  if (entries.length === 0) return <EmptyState title={emptyText} />;
  return (
    <Table data-testid="audit-table">
      <thead>
        <tr>
          <Th>#</Th>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Reason / IP</Th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.seq} data-testid="audit-row">
            <Td className="tabular-nums text-slate-500">{e.seq}</Td>
            <Td className="whitespace-nowrap">
              <LocalTime value={e.at} />
            </Td>
            <Td>
              <div>{e.actorLabel}</div>
              {e.actorRole ? <div className="text-xs text-slate-500">{e.actorRole}</div> : null}
            </Td>
            <Td>
              <Badge tone={tone(e.action)}>{e.action}</Badge>
              <Change before={e.before} after={e.after} />
            </Td>
            <Td className="text-xs">
              <div className="text-slate-500">{e.targetType}</div>
              <div className="font-mono break-all">{e.targetId}</div>
            </Td>
            <Td className="text-xs">
              {e.reason ? <div>{e.reason}</div> : null}
              {e.ip ? <div className="font-mono text-slate-500">{e.ip}</div> : null}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
