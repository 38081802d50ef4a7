"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/auth";
import { currentSession } from "@/lib/auth/session";
import { sameOriginPath } from "@/lib/auth/sso/callback-path";
import { loadSsoConfig } from "@/lib/auth/sso/sso-config";
import { SSO_PROVIDER_ID } from "@/lib/auth/sso/sso-provider";

// The SSO button: off to the provider (authorization code + PKCE, state, nonce), back to "/".
export async function ssoSignInAction(): Promise<void> {
  const { provider } = await loadSsoConfig();
  if (!provider) redirect("/sign-in?error=SsoOff");
  await signIn(SSO_PROVIDER_ID, { redirectTo: "/" });
}

// "Sign in again with SSO" (step-up): the provider is asked for a fresh login (prompt=login,
// max_age=0), then back to the page the user was on (same origin only). The new session replaces
// the old one (auth.ts jwt callback) with a fresh authenticatedAt.
export async function ssoReauthAction(formData: FormData): Promise<void> {
  const { provider } = await loadSsoConfig();
  if (!provider) redirect("/sign-in?error=SsoOff");
  const session = await currentSession();
  const back = sameOriginPath(formData.get("callbackUrl"));
  if (session?.session.method !== "oidc") redirect(back);
  await signIn(SSO_PROVIDER_ID, { redirectTo: back }, { prompt: "login", max_age: "0" });
}
