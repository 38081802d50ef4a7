import type { Metadata } from "next";
import { EngageKillSwitchDialog } from "@/app/(dashboard)/kill-switch/_components/engage-dialog";
import { KillSwitchTable } from "@/app/(dashboard)/kill-switch/_components/kill-switch-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardHeader } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listEngagedKillSwitches, listReleasedKillSwitches } from "@/lib/kill-switch/list-kill-switches";
import { releaseExpiredKillSwitches } from "@/lib/kill-switch/release-expired";
import { killSwitchTargetOptions } from "@/lib/kill-switch/target-options";
import { currentPolicyVersion } from "@/lib/policy/policy-version";

export const metadata: Metadata = { title: "Kill switch" };

export default async function KillSwitchPage() {
  const { user } = await requirePage("kill_switch:read");
  const mayEngage = can(user.role, "kill_switch:engage");
  await releaseExpiredKillSwitches();
  const [engaged, released, options, version] = await Promise.all([
    listEngagedKillSwitches(),
    listReleasedKillSwitches({ limit: 25 }),
    mayEngage ? killSwitchTargetOptions() : null,
    currentPolicyVersion(),
  ]);
  const global = engaged.find((ks) => ks.scope === "global");
  return (
    <>
      <PageHeader
        title="Kill switch"
        description={`Stop everything, one sender, one credential or one sending domain. Relays pick it up within a second (policy version ${version}); see the Relays page for proof.`}
        actions={
          mayEngage && options ? (
            <div className="flex gap-2">
              <EngageKillSwitchDialog options={options} triggerLabel="Engage kill switch" testId="engage-kill-switch" />
              {!global ? (
                <EngageKillSwitchDialog
                  fixed={{ scope: "global", label: "everything" }}
                  triggerLabel="Stop everything"
                  testId="engage-global-kill-switch"
                />
              ) : null}
            </div>
          ) : null
        }
      />
      <Card>
        <CardHeader title="Engaged" description="An engaged switch wins over every other rule." />
        <KillSwitchTable
          switches={engaged}
          mayRelease={mayEngage}
          emptyText="No kill switch is engaged: mail flows by the normal rules."
        />
      </Card>
      <Card className="mt-6">
        <CardHeader title="History" description="The 25 most recent releases." />
        <KillSwitchTable
          switches={released}
          mayRelease={false}
          released
          emptyText="No kill switch has been released yet."
        />
      </Card>
    </>
  );
}
