import type { Role } from "@/lib/auth/roles";

// Every mutation of the app, with who may call it. The matrix test fails while the build holds a
// server action or a mutating route handler that is not listed here.
export type Allowed = readonly Role[] | "public" | "signed-in";

export interface Fixtures {
  unique: () => string;
  targetUserId: string;
}

export interface MutationSpec {
  allowed: Allowed;
  // A valid input that succeeds for an allowed role; forbidden roles send it too, so only the
  // server-side guard can stop them.
  input?: (f: Fixtures) => unknown;
  note?: string;
}

export const ACTION_MUTATIONS: Record<string, MutationSpec> = {
  "app/(login)/actions.ts#signInAction": { allowed: "public", note: "the sign-in form itself; throttled per account and IP" },
  "app/(login)/actions.ts#signOutAction": { allowed: "signed-in", note: "ends the caller's own session only" },
  "app/(dashboard)/users/actions.ts#createUserAction": {
    allowed: ["admin"],
    input: (f) => ({ email: `matrix-${f.unique()}@test.local`, name: "Matrix", role: "comms", password: "" }),
  },
  "app/(dashboard)/users/actions.ts#changeUserRoleAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId, role: "security" }) },
  "app/(dashboard)/users/actions.ts#disableUserAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId, reason: "matrix test" }) },
  "app/(dashboard)/users/actions.ts#enableUserAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId, reason: "matrix test" }) },
  "app/(dashboard)/users/actions.ts#resetUserPasswordAction": { allowed: ["admin"], input: (f) => ({ userId: f.targetUserId }) },
};

export interface RouteMutationSpec extends MutationSpec {
  path?: (f: Fixtures) => string;
}

// "METHOD file" of every route handler that changes state.
export const ROUTE_MUTATIONS: Record<string, RouteMutationSpec> = {
  "POST app/api/auth/[...nextauth]/route.ts": { allowed: "public", note: "next-auth: CSRF-protected sign-in/sign-out endpoints" },
};
