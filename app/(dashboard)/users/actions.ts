"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { resetMfa } from "@/lib/auth/mfa/reset-mfa";
import { stepUpFor } from "@/lib/auth/step-up";
import { createUser } from "@/lib/users/create-user";
import { changeUserRole, disableUser, enableUser, resetUserPassword } from "@/lib/users/update-user";
import { resetMfaSchema } from "@/lib/validations/mfa";
import { changeRoleSchema, createUserSchema, resetPasswordSchema, setUserStatusSchema } from "@/lib/validations/users";

// Each action authenticates and checks users:manage on the server, then parses its input, before
// any work. A generated password is answered in this one response; it is never readable again.
export const createUserAction = guardedAction("users:manage", createUserSchema, async ({ actor }, input) => {
  const created = await createUser({ actor, input });
  revalidatePath("/users");
  return created;
});

export const changeUserRoleAction = guardedAction("users:manage", changeRoleSchema, async ({ actor }, input) => {
  const user = await changeUserRole({ actor, input });
  revalidatePath("/users");
  return user;
});

export const disableUserAction = guardedAction("users:manage", setUserStatusSchema, async ({ actor }, input) => {
  const user = await disableUser({ actor, input });
  revalidatePath("/users");
  return user;
});

export const enableUserAction = guardedAction("users:manage", setUserStatusSchema, async ({ actor }, input) => {
  const user = await enableUser({ actor, input });
  revalidatePath("/users");
  return user;
});

export const resetUserPasswordAction = guardedAction("users:manage", resetPasswordSchema, ({ actor }, input) =>
  resetUserPassword({ actor, input }),
);

// A user who lost their authenticator: their second factor and sessions are cleared (step-up first).
export const resetUserMfaAction = guardedAction("users:manage", resetMfaSchema, async ({ actor, session }, input) => {
  await stepUpFor.resetMfa(session);
  const reset = await resetMfa({ actor, input });
  revalidatePath("/users");
  return reset;
});
