"use server";

import { revalidatePath } from "next/cache";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { guardedAction } from "@/lib/auth/guard";
import { stepUpFor } from "@/lib/auth/step-up";
import { createApiTokenSchema, revokeApiTokenSchema } from "@/lib/validations/api-tokens";

// Every user mints and revokes their own tokens; revoking another's needs tokens:manage (checked in
// revokeApiToken). A new token is answered in this one response; it is never readable again.
export const createApiTokenAction = guardedAction(
  "tokens:own",
  createApiTokenSchema,
  async ({ actor, session }, input) => {
    await stepUpFor.createApiToken(session, actor, input);
    const created = await createApiToken({ actor, input });
    revalidatePath("/tokens");
    return created;
  },
);

export const revokeApiTokenAction = guardedAction("tokens:own", revokeApiTokenSchema, async ({ actor }, input) => {
  await revokeApiToken({ actor, input });
  revalidatePath("/tokens");
  return null;
});
