"use server";

import { revalidatePath } from "next/cache";
import { createApiToken } from "@/lib/api-tokens/create-api-token";
import { revokeApiToken } from "@/lib/api-tokens/revoke-api-token";
import { guardedAction } from "@/lib/auth/guard";

// Every user mints and revokes their own tokens; revoking another's needs tokens:manage (checked in revokeApiToken).
const guardedCreate = guardedAction("tokens:own", async ({ actor }, input) => {
  const created = await createApiToken({ actor, input });
  revalidatePath("/tokens");
  return created;
});
const guardedRevoke = guardedAction("tokens:own", async ({ actor }, input) => {
  await revokeApiToken({ actor, input });
  revalidatePath("/tokens");
  return null;
});

export async function createApiTokenAction(input: unknown) {
  return guardedCreate(input);
}
export async function revokeApiTokenAction(input: unknown) {
  return guardedRevoke(input);
}
