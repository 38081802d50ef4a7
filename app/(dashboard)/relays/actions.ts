"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { registerRelay } from "@/lib/relays/register-relay";
import { revokeRelay } from "@/lib/relays/revoke-relay";
import { revokeRelayAndRotateKeys } from "@/lib/relays/revoke-relay-and-rotate-keys";
import { registerRelaySchema, revokeRelayAndRotateKeysSchema, revokeRelaySchema } from "@/lib/validations/relays";

// Admin only: a registered relay is handed every DKIM private key. Its token is answered in this
// one response; it is never readable again.
export const registerRelayAction = guardedAction("relays:register", registerRelaySchema, async ({ actor }, input) => {
  const result = await registerRelay({ actor, input });
  revalidatePath("/relays");
  return result;
});

export const revokeRelayAction = guardedAction("relays:manage", revokeRelaySchema, async ({ actor }, input) => {
  await revokeRelay({ actor, input });
  revalidatePath("/relays");
  return null;
});

// Rotating the keys also needs domains:manage, checked in revokeRelayAndRotateKeys.
export const revokeRelayAndRotateKeysAction = guardedAction(
  "relays:manage",
  revokeRelayAndRotateKeysSchema,
  async ({ actor }, input) => {
    const result = await revokeRelayAndRotateKeys({ actor, input });
    revalidatePath("/relays");
    return result;
  },
);
