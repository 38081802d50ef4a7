"use server";

import { redirect } from "next/navigation";
import { AuthError } from "next-auth";
import { signIn, signOut } from "@/auth";
import { fieldErrorsOf } from "@/lib/errors";
import { signInSchema } from "@/lib/validations/auth";

export interface SignInState {
  message?: string;
  fieldErrors?: Record<string, string[]>;
  email?: string;
}

// Validates the form before next-auth sees it, so bad input gets a message naming the field.
export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  if (!(form instanceof FormData)) return { message: "Invalid sign-in request: post the sign-in form." };
  const raw = { email: form.get("email"), password: form.get("password") };
  const email = typeof raw.email === "string" ? raw.email.slice(0, 254) : "";
  const parsed = signInSchema.safeParse(raw);
  if (!parsed.success)
    return { message: "Check the highlighted fields.", fieldErrors: fieldErrorsOf(parsed.error), email };
  try {
    await signIn("credentials", { ...parsed.data, redirect: false });
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      return { message: code && code !== "credentials" ? code : "Wrong email or password.", email };
    }
    throw error;
  }
  redirect("/");
}

// Any signed-in user may sign out; signing out without a session is harmless.
export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/sign-in" });
}
