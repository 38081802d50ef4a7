import { inject } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { DEMO_USERS } from "@/lib/demo/seed";
import { signInCookieAt } from "../../support/sign-in";

export const baseURL = () => inject("baseURL");

export function signInCookie(email: string, password: string): Promise<string> {
  return signInCookieAt(baseURL(), email, password);
}

export function demoLogin(role: Role) {
  const user = DEMO_USERS.find((u) => u.role === role);
  if (!user) throw new Error(`no demo user for ${role}`);
  return user;
}

export async function demoCookie(role: Role): Promise<string> {
  const { email, password } = demoLogin(role);
  return signInCookie(email, password);
}
