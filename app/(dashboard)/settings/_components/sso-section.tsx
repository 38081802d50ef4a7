import { Card, CardHeader } from "@/components/ui/card";
import type { SsoSettingsView } from "@/lib/auth/sso/sso-settings-view";
import { SsoMappingForm } from "./sso-mapping-form";
import { SsoProviderForm } from "./sso-provider-form";
import { SsoRecheckForm } from "./sso-recheck-form";

// Single sign-on (OIDC): the provider, the group → role table, how often a session re-reads groups.
export function SsoSection({
  view,
  editable,
  callbackUrl,
}: {
  view: SsoSettingsView;
  editable: boolean;
  callbackUrl: string;
}) {
  return (
    <Card className="mt-6" data-testid="sso-section">
      <CardHeader
        title="Single sign-on (OIDC)"
        description={
          view.enabled
            ? `On: the sign-in page offers "${view.provider.label || "Sign in with SSO"}" first.`
            : "Off: set an issuer and a client id to offer single sign-on."
        }
      />
      <div className="space-y-6 px-4 py-4 text-sm">
        <p className="text-xs text-slate-500">
          Register Switchyard at the provider with the redirect URI <code className="font-mono">{callbackUrl}</code>{" "}
          (authorization code + PKCE). Users are matched by issuer and subject and created at their first sign-in; a
          local account with the same email is never taken over. Single sign-on users have no password and no local
          TOTP: their second factor is the provider&apos;s to enforce.
        </p>
        <SsoProviderForm view={view} editable={editable && view.source === "settings"} />
        <SsoMappingForm mapping={view.mapping} editable={editable} />
        <SsoRecheckForm minutes={view.recheckMinutes} editable={editable} />
      </div>
    </Card>
  );
}
