"use server";

import { revalidatePath } from "next/cache";
import { guardedAction } from "@/lib/auth/guard";
import { createUser } from "@/lib/users/create-user";
import { changeUserRole, disableUser, enableUser, resetUserPassword } from "@/lib/users/update-user";

// Each action authenticates and checks users:manage on the server before any work.
const guardedCreate = guardedAction("users:manage", async ({ actor }, input) => {
  const created = await createUser({ actor, input });
  revalidatePath("/users");
  return created;
});
const guardedChangeRole = guardedAction("users:manage", async ({ actor }, input) => {
  const user = await changeUserRole({ actor, input });
  revalidatePath("/users");
  return user;
});
const guardedDisable = guardedAction("users:manage", async ({ actor }, input) => {
  const user = await disableUser({ actor, input });
  revalidatePath("/users");
  return user;
});
const guardedEnable = guardedAction("users:manage", async ({ actor }, input) => {
  const user = await enableUser({ actor, input });
  revalidatePath("/users");
  return user;
});
const guardedResetPassword = guardedAction("users:manage", ({ actor }, input) => resetUserPassword({ actor, input }));

export async function createUserAction(input: unknown) {
  return guardedCreate(input);
}
export async function changeUserRoleAction(input: unknown) {
  return guardedChangeRole(input);
}
export async function disableUserAction(input: unknown) {
  return guardedDisable(input);
}
export async function enableUserAction(input: unknown) {
  return guardedEnable(input);
}
export async function resetUserPasswordAction(input: unknown) {
  return guardedResetPassword(input);
}
