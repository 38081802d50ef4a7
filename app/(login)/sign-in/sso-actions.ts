"use server";

import { redirect } from "next/navigation";
import { signIn } from "@/auth";
import { loadSsoConfig } from "@/lib/auth/sso/sso-config";
import { SSO_PROVIDER_ID } from "@/lib/auth/sso/sso-provider";

// The SSO button: off to the provider (authorization code + PKCE, state, nonce), back to "/".
export async function ssoSignInAction(): Promise<void> {
  const { provider } = await loadSsoConfig();
  if (!provider) redirect("/sign-in?error=SsoOff");
  await signIn(SSO_PROVIDER_ID, { redirectTo: "/" });
}
