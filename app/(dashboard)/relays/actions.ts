"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { registerRelay } from "@/lib/relays/register-relay";
import { revokeRelay } from "@/lib/relays/revoke-relay";

const guardedRegister = guardedAction("relays:manage", async ({ actor }, input) => {
  const result = await registerRelay({ actor, input });
  revalidatePath("/relays");
  return result;
});
const guardedRevoke = guardedAction("relays:manage", async ({ actor }, input) => {
  await revokeRelay({ actor, input });
  revalidatePath("/relays");
  return null;
});

export async function registerRelayAction(input: unknown) {
  return guardedRegister(input);
}
export async function revokeRelayAction(input: unknown) {
  return guardedRevoke(input);
}
