import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { users } from "@/db/schema";
import type { Actor } from "@/lib/audit/actor";
import { writeAudit } from "@/lib/audit/write-audit";
import { generatePassword } from "@/lib/auth/generate-password";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import type { CreateUserInput } from "@/lib/validations/users";
import { toUserView, type UserView } from "./user-view";

export interface CreatedUser {
  user: UserView;
  // Set only when the password was generated: shown once, never stored in clear.
  generatedPassword: string | null;
}

export async function createUser({
  actor,
  input: data,
}: {
  actor: Actor;
  input: CreateUserInput;
}): Promise<CreatedUser> {
  const generatedPassword = data.password ? null : generatePassword();
  const passwordHash = await hashPassword(data.password ?? generatedPassword!);
  return getDb().transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, data.email));
    if (existing)
      throw new AppError("conflict", `A user with email ${data.email} already exists`, { email: ["Already in use"] });
    const [user] = await tx
      .insert(users)
      .values({ email: data.email, name: data.name, role: data.role, passwordHash })
      .returning();
    const view = toUserView(user);
    await writeAudit(tx, actor, { action: "user.create", targetType: "user", targetId: user.id, after: view });
    return { user: view, generatedPassword };
  });
}
