import { z } from "zod";
import { ROLES } from "@/db/schema";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password";
import { emailSchema } from "./auth";

export const roleSchema = z.enum(ROLES, { error: `Role must be one of: ${ROLES.join(", ")}` });
export const userIdSchema = z.uuid("Unknown user id");

const nameSchema = z
  .string({ error: "Name is required" })
  .trim()
  .min(1, "Name is required")
  .max(120, "Name must be at most 120 characters");

export const newPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`);

// An empty password field means "generate one" (it is shown once to the admin).
export const createUserSchema = z.object({
  email: emailSchema,
  name: nameSchema,
  role: roleSchema,
  password: z.preprocess((v) => (v === "" ? undefined : v), newPasswordSchema.optional()),
});

export const changeRoleSchema = z.object({ userId: userIdSchema, role: roleSchema });
export const setUserStatusSchema = z.object({
  userId: userIdSchema,
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason (at least 3 characters)")
    .max(500, "Reason must be at most 500 characters"),
});
export const resetPasswordSchema = z.object({ userId: userIdSchema });

export type CreateUserInput = z.infer<typeof createUserSchema>;
export type ChangeRoleInput = z.infer<typeof changeRoleSchema>;
export type SetUserStatusInput = z.infer<typeof setUserStatusSchema>;
export type ResetPasswordInput = z.infer<typeof resetPasswordSchema>;
