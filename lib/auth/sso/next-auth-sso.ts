import "server-only";
import { headers } from "next/headers";
import type { Account, Profile, User } from "next-auth";
import type { Provider } from "next-auth/providers";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { signInWithClaims } from "./sign-in-with-claims";
import { loadSsoConfig, type SsoConfig } from "./sso-config";
import { SSO_PROVIDER_ID, ssoProvider } from "./sso-provider";

// The page a refused single sign-on lands on (app/(login)/sign-in/refused).
export const SSO_REFUSED_PATH = "/sign-in/refused";

// The OIDC provider for next-auth's lazy configuration: none while single sign-on is off.
// Built once per configuration read (auth() runs on every request; the read is cached a few seconds).
const built = new WeakMap<SsoConfig, Promise<Provider[]>>();
export async function ssoProviders(): Promise<Provider[]> {
  const config = await loadSsoConfig();
  let providers = built.get(config);
  if (!providers) {
    providers = config.provider ? ssoProvider(config.provider).then((p) => [p]) : Promise.resolve([]);
    built.set(config, providers);
  }
  return providers;
}

// next-auth's signIn callback for single sign-on: the claims (verified by next-auth) give the user
// and role; a refusal redirects to a page saying why. The user object is next-auth's own, handed
// on to the jwt callback, which starts the session for our user id.
export async function ssoSignInCallback(params: {
  user: User;
  account?: Account | null;
  profile?: Profile;
}): Promise<true | string> {
  if (params.account?.provider !== SSO_PROVIDER_ID) return true;
  const { mapping } = await loadSsoConfig();
  const ip = clientIpFrom(await headers());
  const result = await signInWithClaims({ claims: (params.profile ?? {}) as Record<string, unknown>, mapping, ip });
  if (!result.ok) return `${SSO_REFUSED_PATH}?reason=${result.reason}`;
  const user = params.user as User & { sessionVersion?: number };
  user.id = result.user.id;
  user.email = result.user.email;
  user.name = result.user.name;
  user.sessionVersion = result.user.sessionVersion;
  return true;
}
