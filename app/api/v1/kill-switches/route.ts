// GET /api/v1/kill-switches – engaged and recently released; POST – engage one.

import { stepUpFor } from "@/lib/auth/step-up";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { listEngagedKillSwitches, listReleasedKillSwitches } from "@/lib/kill-switch/list-kill-switches";
import { engageKillSwitchOperation, listKillSwitchesOperation } from "@/lib/server/api/operations/kill-switches";
import { apiRoute } from "@/lib/server/http/api-route";

export const GET = apiRoute(listKillSwitchesOperation, async () => ({
  engaged: await listEngagedKillSwitches(),
  released: await listReleasedKillSwitches(),
}));

export const POST = apiRoute(engageKillSwitchOperation, async ({ actor, signIn, body }) => {
  await stepUpFor.engageKillSwitch(signIn, body);
  return engageKillSwitch({ actor, input: body });
});
