"use server";

import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/auth";
import { MFA_REQUIRED } from "@/lib/auth/mfa/sign-in-step";
import { fieldErrorsOf } from "@/lib/errors";
import { signInSchema } from "@/lib/validations/auth";
import { signInCodeSchema } from "@/lib/validations/mfa";

export interface SignInState {
  message?: string;
  fieldErrors?: Record<string, string[]>;
  email?: string;
  // "code": the password was right and the account has two-factor sign-in: ask for the code.
  step?: "password" | "code";
}

// Validates the form before next-auth sees it, so bad input gets a message naming the field.
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  if (!(form instanceof FormData)) return { message: "Invalid sign-in request: post the sign-in form." };
  const raw = { email: form.get("email"), password: form.get("password") };
  const email = typeof raw.email === "string" ? raw.email.slice(0, 254) : "";
  const parsed = signInSchema.safeParse(raw);
  const code = signInCodeSchema.safeParse(form.get("code") ?? undefined);
  const step = code.success && code.data ? "code" : "password";
  if (!parsed.success)
    return { message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error), email, step };
  if (!code.success)
    return { message: "Check the code.", fieldErrors: { code: [code.error.issues[0].message] }, email, step: "code" };
  try {
    await signIn("credentials", { ...parsed.data, ...(code.data ? { code: code.data } : {}), redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      const refusal = (error as AuthError & { code?: string }).code;
      if (refusal === MFA_REQUIRED) return { step: "code", email };
      return { message: refusal && refusal !== "credentials" ? refusal : "Wrong email or password.", email, step };
    }
    throw error;
  }
  redirect("/");
}

// Any signed-in user may sign out; signing out without a session is harmless.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
