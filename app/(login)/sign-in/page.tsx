import { Mail } from "lucide-react";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/session";
import { sameOriginPath } from "@/lib/auth/sso/callback-path";
import { loadSsoConfig } from "@/lib/auth/sso/sso-config";
import { SignInForm } from "./sign-in-form";
import { SsoButton, SsoError, ssoErrorMessage } from "./sso-button";
import { SsoReauth } from "./sso-reauth";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ error?: string; reauth?: string; callbackUrl?: string }>;
}) {
  const { error, reauth, callbackUrl } = await searchParams;
  const { provider: sso } = await loadSsoConfig();
  const signedIn = await currentSession();
  // Signed in: only an SSO user asked to re-authenticate (step-up) stays here.
  const reauthSso = signedIn && reauth === "sso" && sso && signedIn.session.method === "oidc";
  if (signedIn && !reauthSso) redirect(sameOriginPath(callbackUrl));
  const ssoError = ssoErrorMessage(typeof error === "string" ? error : undefined);
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold">
          <Mail className="size-6 text-brand-600" aria-hidden /> Switchyard
        </div>
        <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm dark:border-slate-800 dark:bg-slate-900">
          <h1 className="mb-4 text-base font-semibold">Sign in to the control plane</h1>
          <div className="space-y-4">
            {ssoError ? <SsoError message={ssoError} /> : null}
            {reauthSso ? (
              <SsoReauth label={sso.label} email={signedIn.user.email} callbackUrl={sameOriginPath(callbackUrl)} />
            ) : (
              <>
                {sso ? <SsoButton label={sso.label} /> : null}
                <SignInForm />
              </>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}
