// POST /api/v1/kill-switches/{id}/release – release an engaged switch, with a reason.

import { stepUpFor } from "@/lib/auth/step-up";
import { releaseKillSwitch } from "@/lib/kill-switch/release-kill-switch";
import { releaseKillSwitchOperation } from "@/lib/server/api/operations/kill-switches";
import { apiRoute } from "@/lib/server/http/api-route";

export const POST = apiRoute(releaseKillSwitchOperation, async ({ actor, signIn, params, body }) => {
  await stepUpFor.releaseKillSwitch(signIn, params.id);
  return releaseKillSwitch({ actor, input: { ...body, killSwitchId: params.id } });
});
