import { EngageKillSwitchDialog } from "@/app/(dashboard)/kill-switch/_components/engage-dialog";
import { ReleaseKillSwitchDialog } from "@/app/(dashboard)/kill-switch/_components/release-dialog";
import { Badge } from "@/components/ui/badge";
import type { KillSwitchScope } from "@/db/schema";
import { can, type Permission } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";

const ENGAGE: Permission = "kill_switch:engage";

// The kill-switch state of one target, with engage/release for roles that may.
export async function TargetKillSwitch({
  scope,
  targetId,
  label,
  role,
}: {
  scope: Exclude<KillSwitchScope, "global">;
  targetId: string;
  label: string;
  role: Role;
}) {
  const engaged = await engagedKillSwitchFor(scope, targetId);
  const mayEngage = can(role, ENGAGE);
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid={`target-kill-switch-${scope}`}>
      {engaged ? (
        <>
          <Badge tone="red">Kill switch engaged</Badge>
          <span className="text-xs text-slate-500">
            {engaged.reason} — {engaged.engagedByLabel}
          </span>
          {mayEngage ? <ReleaseKillSwitchDialog killSwitchId={engaged.id} label={label} /> : null}
        </>
      ) : mayEngage ? (
        <EngageKillSwitchDialog
          fixed={{ scope, targetId, label }}
          triggerLabel="Kill switch"
          testId={`engage-${scope}-kill-switch`}
        />
      ) : (
        <Badge tone="green">Not stopped</Badge>
      )}
    </div>
  );
}
