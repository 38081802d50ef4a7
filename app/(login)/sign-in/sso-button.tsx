import { KeyRound } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ssoSignInAction } from "./sso-actions";

// Why a single sign-on came back to the sign-in page (next-auth's ?error=; details go to the server log).
const SSO_ERRORS: Record<string, string> = {
  SsoOff: "Single sign-on is not configured.",
  AccessDenied: "Single sign-on was refused.",
  OAuthCallbackError: "The identity provider returned an error. Try again, or ask an administrator.",
};
const DEFAULT_SSO_ERROR =
  "Single sign-on did not complete: the provider's answer could not be verified (state, nonce, PKCE, issuer, audience or expiry), or the provider could not be reached. Try again; the server log says which check failed.";

export function ssoErrorMessage(error: string | undefined): string | null {
  if (!error || error === "CredentialsSignin") return null;
  return SSO_ERRORS[error] ?? DEFAULT_SSO_ERROR;
}

// Offered first when single sign-on is configured; the password form stays below it.
export function SsoButton({ label }: { label: string }) {
  return (
    <form action={ssoSignInAction} className="space-y-4">
      <Button type="submit" className="w-full" data-testid="sso-sign-in">
        <KeyRound className="size-4" aria-hidden /> {label}
      </Button>
      <div className="flex items-center gap-2 text-xs text-slate-500">
        <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" /> or with a password
        <span className="h-px flex-1 bg-slate-200 dark:bg-slate-800" />
      </div>
    </form>
  );
}

export function SsoError({ message }: { message: string }) {
  return <Alert testId="sso-error">{message}</Alert>;
}
