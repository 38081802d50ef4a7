import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { PolicyVersionSummary } from "@/lib/policy-history/list-versions";

const kib = (bytes: number) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} KiB`);

// The versions, newest first; each row opens its diff against the version before it.
export function VersionTable({
  versions,
  selected,
  hrefFor,
}: {
  versions: PolicyVersionSummary[];
  selected: number | null;
  hrefFor: (version: number) => string;
}) {
  if (versions.length === 0)
    return (
      <EmptyState title="No policy versions yet">
        A version is made by every change relays enforce: a sender, a credential, a kill switch, a domain.
      </EmptyState>
    );
  return (
    <Table data-testid="policy-versions">
      <thead>
        <tr>
          <Th>Version</Th>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Reason</Th>
          <Th className="text-right">Relays applied</Th>
          <Th>Stored</Th>
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr
            key={v.version}
            data-testid="policy-version-row"
            className={v.version === selected ? "bg-brand-50 dark:bg-brand-700/10" : undefined}
          >
            <Td className="tabular-nums">
              <Link
                href={hrefFor(v.version)}
                className="font-medium text-brand-600 hover:underline"
                data-testid={`diff-${v.version}`}
              >
                {v.version}
              </Link>
            </Td>
            <Td className="whitespace-nowrap">
              <LocalTime value={v.createdAt} />
            </Td>
            <Td className="text-xs">{v.actorLabel}</Td>
            <Td>{v.reason}</Td>
            <Td className="text-right tabular-nums">{v.relaysApplied}</Td>
            <Td className="text-xs whitespace-nowrap">
              {v.recorded ? (
                <span title={v.checkpoint ? "Full copy (checkpoint)" : "Patch from the version recorded before"}>
                  {v.checkpoint ? "copy" : "patch"} · {kib(v.sizeBytes ?? 0)}
                  {v.previousRecorded !== null && v.previousRecorded < v.version - 1
                    ? ` · with ${v.previousRecorded + 1}–${v.version - 1}`
                    : ""}
                </span>
              ) : v.recordedIn !== null ? (
                <span title="Committed in a burst: its changes are recorded together in a later version">
                  recorded in{" "}
                  <Link href={hrefFor(v.recordedIn)} className="text-brand-600 hover:underline">
                    {v.recordedIn}
                  </Link>
                </span>
              ) : (
                <Badge tone="amber">not recorded</Badge>
              )}
            </Td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
