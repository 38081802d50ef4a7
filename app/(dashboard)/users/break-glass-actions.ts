"use server";

import { revalidatePath } from "next/cache";
import { setBreakGlass } from "@/lib/auth/break-glass";
import { guardedAction } from "@/lib/auth/guard";
import { setBreakGlassSchema } from "@/lib/validations/break-glass";

// Marks an admin account as break-glass (or unmarks it): the only password sign-in left when local
// sign-in is off. Audited; only admins.
export const setBreakGlassAction = guardedAction("users:manage", setBreakGlassSchema, async ({ actor }, input) => {
  const user = await setBreakGlass({ actor, input });
  revalidatePath("/users");
  return user;
});
