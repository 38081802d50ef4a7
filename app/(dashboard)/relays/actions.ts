"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { parseInput } from "@/lib/errors";
import { registerRelay } from "@/lib/relays/register-relay";
import { revokeRelay } from "@/lib/relays/revoke-relay";
import { revokeRelayAndRotateKeys } from "@/lib/relays/revoke-relay-and-rotate-keys";
import { revokeRelayAndRotateKeysSchema } from "@/lib/validations/relays";

// Admin only: a registered relay is handed every DKIM private key.
const guardedRegister = guardedAction("relays:register", async ({ actor }, input) => {
  const result = await registerRelay({ actor, input });
  revalidatePath("/relays");
  return result;
});
const guardedRevoke = guardedAction("relays:manage", async ({ actor }, input) => {
  await revokeRelay({ actor, input });
  revalidatePath("/relays");
  return null;
});
const guardedRevokeAndRotate = guardedAction("relays:manage", async ({ actor }, input) => {
  const result = await revokeRelayAndRotateKeys({ actor, input: parseInput(revokeRelayAndRotateKeysSchema, input) });
  revalidatePath("/relays");
  return result;
});

export async function registerRelayAction(input: unknown) {
  return guardedRegister(input);
}
export async function revokeRelayAction(input: unknown) {
  return guardedRevoke(input);
}
export async function revokeRelayAndRotateKeysAction(input: unknown) {
  return guardedRevokeAndRotate(input);
}
