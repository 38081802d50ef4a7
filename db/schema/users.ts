import { boolean, integer, pgEnum, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { ROLES } from "./roles";

export const roleEnum = pgEnum("role", ROLES);
export const userStatusEnum = pgEnum("user_status", ["active", "disabled"]);
// Where an account comes from: created here (password), or by single sign-on (OIDC claims).
export const userSourceEnum = pgEnum("user_source", ["local", "oidc"]);

export const users = pgTable(
  "users",
  {
    id: uuid().primaryKey().defaultRandom(),
    email: text().notNull().unique(),
    name: text().notNull(),
    role: roleEnum().notNull(),
    status: userStatusEnum().notNull().default("active"),
    source: userSourceEnum().notNull().default("local"),
    // Null for accounts created by single sign-on: they have no local password.
    passwordHash: text(),
    // Single sign-on: the provider's issuer and the user's subject there (stable, unlike email).
    oidcIssuer: text(),
    oidcSubject: text(),
    // The one local account that may still sign in with a password when local sign-in is off.
    breakGlass: boolean().notNull().default(false),
    // TOTP (RFC 6238): the shared secret sealed (lib/server/crypto/seal.ts), set once enrolment is
    // confirmed with a first code; the last time step accepted, so a code cannot be used twice.
    totpSecretSealed: text(),
    totpEnrolledAt: timestamp({ withTimezone: true }),
    totpLastStep: integer(),
    // Bumped when a password is reset or a user disabled, so every session issued before ends.
    sessionVersion: integer().notNull().default(1),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSignInAt: timestamp({ withTimezone: true }),
  },
  (t) => [unique("users_oidc_identity").on(t.oidcIssuer, t.oidcSubject)],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type { Role } from "./roles";
export { ROLES } from "./roles";

// One row per throttled key ("account:<email>" or "ip:<address>").
export const signInThrottle = pgTable("sign_in_throttle", {
  key: text().primaryKey(),
  failures: integer().notNull().default(0),
  windowStartedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp({ withTimezone: true }),
});
