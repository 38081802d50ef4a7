import { index, pgEnum, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users } from "./users";

export const signInMethodEnum = pgEnum("sign_in_method", ["password", "oidc"]);

// One row per signed-in browser. The session cookie (a next-auth JWT) carries this row's id; every
// request checks the row, so revoking it ends the session at the next request.
export const userSessions = pgTable(
  "user_sessions",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    method: signInMethodEnum().notNull(),
    ip: text(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // The last full authentication in this session (sign-in or step-up): dangerous actions need it recent.
    authenticatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // When a second factor (TOTP or recovery code) was last checked in this session; null = never.
    mfaVerifiedAt: timestamp({ withTimezone: true }),
    // Single sign-on: the provider's refresh token (sealed), used to re-read the groups claim, and
    // when the role was last taken from the claims.
    oidcRefreshTokenSealed: text(),
    claimsCheckedAt: timestamp({ withTimezone: true }),
    revokedAt: timestamp({ withTimezone: true }),
    revokedBy: text(),
    revokeReason: text(),
  },
  (t) => [index("user_sessions_user_idx").on(t.userId, t.lastSeenAt)],
);

export type UserSession = typeof userSessions.$inferSelect;

// Recovery codes for TOTP: shown once at enrolment, stored as verifiers, each usable once.
export const mfaRecoveryCodes = pgTable(
  "mfa_recovery_codes",
  {
    id: uuid().primaryKey().defaultRandom(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    verifier: text().notNull().unique(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    usedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index("mfa_recovery_codes_user_idx").on(t.userId)],
);
