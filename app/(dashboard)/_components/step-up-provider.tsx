"use client";

import { usePathname } from "next/navigation";
import { type ReactNode, useState } from "react";
import { ActionError, SubmitButton } from "@/components/action-dialog";
import { StepUpContext, type StepUpRequest } from "@/components/step-up-context";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { stepUpAction } from "./step-up-actions";

// Where "Sign in again with SSO" goes: a fresh single sign-on (prompt=login) starts a new session
// with a fresh authenticatedAt. The SSO sign-in route is the SSO part's; this is its entry.
export const SSO_REAUTH_HREF = "/sign-in?reauth=sso";

// Back to this page afterwards (the sign-in page accepts a same-origin path only).
export function ssoReauthHref(pathname: string): string {
  return `${SSO_REAUTH_HREF}&callbackUrl=${encodeURIComponent(pathname)}`;
}

// Every dashboard page: a dangerous action refused with "step_up_required" opens "Confirm it's you";
// after the password (and code) the action runs again by itself.
export function StepUpProvider({
  method,
  totpEnrolled,
  children,
}: {
  method: "password" | "oidc";
  totpEnrolled: boolean;
  children: ReactNode;
}) {
  const [request, setRequest] = useState<StepUpRequest | null>(null);
  const pathname = usePathname();
  const { run, pending, error, reset } = useAction(stepUpAction);
  const fieldErrors = error?.fieldErrors ?? {};
  function close() {
    setRequest(null);
    reset();
  }
  return (
    <StepUpContext.Provider value={setRequest}>
      {children}
      <DialogRoot open={request !== null} onOpenChange={(open) => (open ? undefined : close())}>
        {request ? (
          <DialogContent title="Confirm it's you" description={request.message}>
            {method === "oidc" ? (
              <div className="space-y-3 text-sm">
                <p>You signed in with single sign-on: sign in again with your identity provider, then retry.</p>
                <div className="flex justify-end gap-2">
                  <DialogClose asChild>
                    <Button variant="secondary">Cancel</Button>
                  </DialogClose>
                  <Button asChild>
                    <a href={ssoReauthHref(pathname)} data-testid="step-up-sso">
                      Sign in again with SSO
                    </a>
                  </Button>
                </div>
              </div>
            ) : (
              <form
                className="space-y-3"
                noValidate
                data-testid="step-up-form"
                onSubmit={(event) => {
                  event.preventDefault();
                  const retry = request.retry;
                  run(new FormData(event.currentTarget), () => {
                    close();
                    retry();
                  });
                }}
              >
                <ActionError error={error} testId="step-up-error" />
                <Field label="Password" htmlFor="step-up-password" error={fieldErrors.password}>
                  <Input
                    id="step-up-password"
                    name="password"
                    type="password"
                    autoComplete="current-password"
                    autoFocus
                    data-testid="step-up-password"
                  />
                </Field>
                {totpEnrolled ? (
                  <Field label="Authentication code" htmlFor="step-up-code" error={fieldErrors.code}>
                    <Input
                      id="step-up-code"
                      name="code"
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      data-testid="step-up-code"
                    />
                  </Field>
                ) : null}
                <div className="flex justify-end gap-2 pt-2">
                  <DialogClose asChild>
                    <Button variant="secondary">Cancel</Button>
                  </DialogClose>
                  <SubmitButton pending={pending} label="Confirm" pendingLabel="Checking…" testId="step-up-confirm" />
                </div>
              </form>
            )}
          </DialogContent>
        ) : null}
      </DialogRoot>
    </StepUpContext.Provider>
  );
}
