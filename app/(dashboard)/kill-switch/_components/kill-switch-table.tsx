import { ReleaseKillSwitchDialog } from "@/app/(dashboard)/kill-switch/_components/release-dialog";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { KillSwitch } from "@/db/schema";

export function KillSwitchTable({
  switches,
  mayRelease,
  released,
  emptyText,
}: {
  switches: KillSwitch[];
  mayRelease: boolean;
  released?: boolean;
  emptyText: string;
}) {
  if (switches.length === 0) return <EmptyState title={emptyText} />;
  return (
    <Table data-testid={released ? "kill-switch-history" : "kill-switch-engaged"}>
      <thead>
        <tr>
          <Th>Scope</Th>
          <Th>Target</Th>
          <Th>Reason</Th>
          <Th>Engaged</Th>
          <Th>{released ? "Released" : "Expires"}</Th>
          {mayRelease && !released ? <Th /> : null}
        </tr>
      </thead>
      <tbody>
        {switches.map((ks) => (
          <tr key={ks.id} data-testid={`kill-switch-row-${ks.targetLabel}`}>
            <Td>
              <Badge tone={released ? "neutral" : "red"}>{ks.scope}</Badge>
            </Td>
            <Td className="font-medium">{ks.targetLabel}</Td>
            <Td className="text-xs">{ks.reason}</Td>
            <Td className="text-xs">
              <LocalTime value={ks.engagedAt} />
              <div className="text-slate-500">{ks.engagedByLabel}</div>
            </Td>
            <Td className="text-xs">
              {released ? (
                <>
                  {ks.releasedAt ? <LocalTime value={ks.releasedAt} /> : null}
                  <div className="text-slate-500">
                    {ks.releasedByLabel}
                    {ks.releaseReason ? ` — ${ks.releaseReason}` : ""}
                  </div>
                </>
              ) : ks.expiresAt ? (
                <LocalTime value={ks.expiresAt} />
              ) : (
                "until released"
              )}
            </Td>
            {mayRelease && !released ? (
              <Td className="text-right">
                <ReleaseKillSwitchDialog killSwitchId={ks.id} label={ks.targetLabel} />
              </Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
