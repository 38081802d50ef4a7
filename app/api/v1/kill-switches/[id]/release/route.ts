// POST /api/v1/kill-switches/{id}/release – release an engaged switch, with a reason.
import { releaseKillSwitchOperation } from "@/lib/server/api/operations/kill-switches";
import { apiRoute } from "@/lib/server/http/api-route";
import { releaseKillSwitch } from "@/lib/kill-switch/release-kill-switch";

export const POST = apiRoute(releaseKillSwitchOperation, ({ actor, params, body }) => releaseKillSwitch({ actor, input: { ...body, killSwitchId: params.id } }));
