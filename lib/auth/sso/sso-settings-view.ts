import { getSettings } from "@/lib/settings/settings";
import { describeProvider } from "./save-sso-settings";
import { ssoFromEnvironment } from "./sso-config";
import type { SsoMapping } from "./sso-schemas";

export interface SsoSettingsView {
  source: "environment" | "settings";
  provider: { issuer: string; clientId: string; scopes: string; label: string; secretSet: boolean };
  enabled: boolean;
  mapping: SsoMapping;
  recheckMinutes: number;
}

// What the Settings page shows about single sign-on; the client secret only as set / not set.
export async function ssoSettingsView(): Promise<SsoSettingsView> {
  const stored = await getSettings(["sso.provider", "sso.mapping", "sso.roleRecheckMinutes"]);
  const env = ssoFromEnvironment();
  const provider = env
    ? {
        issuer: env.issuer,
        clientId: env.clientId,
        scopes: env.scopes,
        label: env.label,
        secretSet: !!env.clientSecret,
      }
    : describeProvider(stored["sso.provider"]);
  return {
    source: env ? "environment" : "settings",
    provider,
    enabled: !!(provider.issuer && provider.clientId),
    mapping: stored["sso.mapping"],
    recheckMinutes: stored["sso.roleRecheckMinutes"],
  };
}
