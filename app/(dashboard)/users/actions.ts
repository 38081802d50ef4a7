"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { createUser } from "@/lib/users/create-user";
import { changeUserRole, disableUser, enableUser, resetUserPassword } from "@/lib/users/update-user";
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
