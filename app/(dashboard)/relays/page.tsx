import type { Metadata } from "next";
import { headers } from "next/headers";
import { RegisterRelayDialog } from "@/app/(dashboard)/relays/_components/register-relay-dialog";
import { type RelaysData, RelaysLiveTable } from "@/app/(dashboard)/relays/_components/relays-live-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listRelays } from "@/lib/relays/list-relays";

export const metadata: Metadata = { title: "Relays" };

export default async function RelaysPage() {
  const { user } = await requirePage("relays:read");
  const mayManage = can(user.role, "relays:manage");
  const mayRegister = can(user.role, "relays:register");
  const initial = JSON.parse(JSON.stringify(await listRelays())) as RelaysData;
  const host = (await headers()).get("host") ?? "localhost:3000";
  return (
    <>
      <PageHeader
        title="Relays"
        description="The data plane: each relay polls the policy (long-poll) and reports heartbeats. When every relay shows the current version, a kill switch is enforced fleet-wide."
        actions={mayRegister ? <RegisterRelayDialog controlUrl={`http://${host}`} /> : null}
      />
      <Card>
        <RelaysLiveTable initial={initial} mayManage={mayManage} />
      </Card>
    </>
  );
}
