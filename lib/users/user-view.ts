import type { User } from "@/db/schema";

// What may leave the data layer about a user: never the password hash.
export type UserView = Omit<User, "passwordHash" | "sessionVersion">;

export function toUserView({ passwordHash: _hash, sessionVersion: _version, ...view }: User): UserView {
  return view;
}
