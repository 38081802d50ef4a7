import type { User } from "@/db/schema";

// What may leave the data layer about a user: never the password hash nor the (sealed) TOTP secret.
export type UserView = Omit<User, "passwordHash" | "sessionVersion" | "totpSecretSealed" | "totpLastStep">;

export function toUserView({
  passwordHash: _hash,
  sessionVersion: _version,
  totpSecretSealed: _totp,
  totpLastStep: _step,
  ...view
}: User): UserView {
  return view;
}
