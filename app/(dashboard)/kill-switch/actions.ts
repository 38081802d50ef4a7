"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { stepUpFor } from "@/lib/auth/step-up";
import { describeKillSwitchImpact } from "@/lib/kill-switch/describe-impact";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { releaseKillSwitch } from "@/lib/kill-switch/release-kill-switch";
import { engageKillSwitchSchema, killSwitchImpactSchema, releaseKillSwitchSchema } from "@/lib/validations/kill-switch";

// A switch shows on every page (global banner) and on its target's page: refresh them all.
const refresh = () => revalidatePath("/", "layout");

export const engageKillSwitchAction = guardedAction(
  "kill_switch:engage",
  engageKillSwitchSchema,
  async ({ actor, session }, input) => {
    await stepUpFor.engageKillSwitch(session, input);
    const result = await engageKillSwitch({ actor, input });
    refresh();
    return result;
  },
);

export const releaseKillSwitchAction = guardedAction(
  "kill_switch:engage",
  releaseKillSwitchSchema,
  async ({ actor, session }, input) => {
    await stepUpFor.releaseKillSwitch(session, input.killSwitchId);
    const result = await releaseKillSwitch({ actor, input });
    refresh();
    return result;
  },
);

// Read-only: what an engage would stop, for the confirm step.
export const describeKillSwitchImpactAction = guardedAction(
  "kill_switch:read",
  killSwitchImpactSchema,
  (_session, input) => describeKillSwitchImpact({ input }),
);
