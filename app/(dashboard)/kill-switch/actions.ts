"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { describeKillSwitchImpact } from "@/lib/kill-switch/describe-impact";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { releaseKillSwitch } from "@/lib/kill-switch/release-kill-switch";

// A switch shows on every page (global banner) and on its target's page: refresh them all.
const refresh = () => revalidatePath("/", "layout");

const guardedEngage = guardedAction("kill_switch:engage", async ({ actor }, input) => {
  const result = await engageKillSwitch({ actor, input });
  refresh();
  return result;
});
const guardedRelease = guardedAction("kill_switch:engage", async ({ actor }, input) => {
  const result = await releaseKillSwitch({ actor, input });
  refresh();
  return result;
});
const guardedImpact = guardedAction("kill_switch:read", (_session, input) => describeKillSwitchImpact({ input }));

export async function engageKillSwitchAction(input: unknown) {
  return guardedEngage(input);
}
export async function releaseKillSwitchAction(input: unknown) {
  return guardedRelease(input);
}
// Read-only: what an engage would stop, for the confirm step.
export async function describeKillSwitchImpactAction(input: unknown) {
  return guardedImpact(input);
}
