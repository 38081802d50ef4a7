import { open } from "@/lib/server/crypto/seal";
import { getSettings } from "@/lib/settings/settings";
import type { SsoMapping } from "./sso-schemas";

export const SSO_SECRET_SEAL_PURPOSE = "sso-client-secret";
// Bound to the sealed value: a sealed secret copied elsewhere does not open.
export const SSO_SECRET_SEAL_CONTEXT = "setting:sso.provider";
export const DEFAULT_SSO_SCOPES = "openid email profile";
export const DEFAULT_SSO_LABEL = "Sign in with SSO";
// next-auth reads the configuration on every request (auth()); the settings are read at most this often.
const CONFIG_CACHE_MS = 5_000;

export interface SsoProviderConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  scopes: string;
  label: string;
}

export interface SsoConfig {
  // null = single sign-on is off (no issuer or client id).
  provider: SsoProviderConfig | null;
  // "environment" wins over "settings"; the Settings page shows the environment's values read-only.
  source: "environment" | "settings";
  mapping: SsoMapping;
  recheckMinutes: number;
}

// The provider from the environment, if SSO_ISSUER is set (SSO_CLIENT_ID is then required).
export function ssoFromEnvironment(env: NodeJS.ProcessEnv = process.env): SsoProviderConfig | null {
  const issuer = env.SSO_ISSUER?.trim();
  if (!issuer) return null;
  return {
    issuer,
    clientId: env.SSO_CLIENT_ID?.trim() ?? "",
    clientSecret: env.SSO_CLIENT_SECRET ?? "",
    scopes: env.SSO_SCOPES?.trim() || DEFAULT_SSO_SCOPES,
    label: env.SSO_LABEL?.trim() || DEFAULT_SSO_LABEL,
  };
}

let cache: { at: number; config: Promise<SsoConfig> } | null = null;

// The effective SSO configuration, cached for a few seconds (a Settings change applies within
// CONFIG_CACHE_MS in every process, at once in the one that saved it).
export function loadSsoConfig(): Promise<SsoConfig> {
  const now = Date.now();
  if (cache && now - cache.at < CONFIG_CACHE_MS) return cache.config;
  const config = readSsoConfig();
  cache = { at: now, config };
  config.catch(() => {
    if (cache?.config === config) cache = null;
  });
  return config;
}

export function forgetSsoConfig(): void {
  cache = null;
}

async function readSsoConfig(): Promise<SsoConfig> {
  const stored = await getSettings(["sso.provider", "sso.mapping", "sso.roleRecheckMinutes"]);
  const fromEnv = ssoFromEnvironment();
  const base = { mapping: stored["sso.mapping"], recheckMinutes: stored["sso.roleRecheckMinutes"] };
  if (fromEnv) return { ...base, source: "environment", provider: fromEnv.clientId ? fromEnv : null };
  const saved = stored["sso.provider"];
  if (!saved.issuer || !saved.clientId) return { ...base, source: "settings", provider: null };
  const clientSecret = saved.clientSecretSealed
    ? open(saved.clientSecretSealed, { purpose: SSO_SECRET_SEAL_PURPOSE, context: SSO_SECRET_SEAL_CONTEXT })
    : "";
  return {
    ...base,
    source: "settings",
    provider: {
      issuer: saved.issuer,
      clientId: saved.clientId,
      clientSecret,
      scopes: saved.scopes || DEFAULT_SSO_SCOPES,
      label: saved.label || DEFAULT_SSO_LABEL,
    },
  };
}

// Issuers compare without a trailing slash (https://idp.example/ and https://idp.example are one).
export function sameIssuer(a: string, b: string): boolean {
  return a.replace(/\/+$/, "") === b.replace(/\/+$/, "");
}
