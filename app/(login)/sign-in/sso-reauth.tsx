import { KeyRound } from "lucide-react";
import { Button } from "@/components/ui/button";
import { ssoReauthAction } from "./sso-actions";

// A signed-in SSO user confirming it's you: one button back through the identity provider.
export function SsoReauth({ label, email, callbackUrl }: { label: string; email: string; callbackUrl: string }) {
  return (
    <form action={ssoReauthAction} className="space-y-4" data-testid="sso-reauth">
      <p className="text-sm">
        Signed in as <strong>{email}</strong>. Sign in again with your identity provider to confirm it&apos;s you; you
        come back to the page you were on.
      </p>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Button type="submit" className="w-full" data-testid="sso-reauth-submit">
        <KeyRound className="size-4" aria-hidden /> {label}
      </Button>
    </form>
  );
}
