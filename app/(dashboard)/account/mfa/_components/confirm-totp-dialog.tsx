"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionDialog } from "@/components/action-dialog";
import { RecoveryCodes } from "@/components/mfa/recovery-codes";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { confirmTotpAction } from "../actions";

// The first code proves the app holds the secret; then the recovery codes, shown this once.
export function ConfirmTotpDialog({ pending }: { pending: string }) {
  const router = useRouter();
  const [enrolled, setEnrolled] = useState(false);
  return (
    <ActionDialog
      trigger={<Button data-testid="totp-confirm-open">Enter the first code</Button>}
      title="Confirm two-factor sign-in"
      description="Type the 6-digit code your authenticator app shows for Switchyard."
      action={confirmTotpAction}
      toInput={(form) => ({ pending, code: form.get("code") })}
      submitLabel="Turn on"
      pendingLabel="Checking…"
      testId="totp-confirm"
      onDone={() => setEnrolled(true)}
      // The page shows the enrolled state only once the codes are put away.
      onClose={() => (enrolled ? router.refresh() : undefined)}
      result={(data) => <RecoveryCodes codes={data.recoveryCodes} />}
    >
      {(fieldErrors) => (
        <Field label="Code" htmlFor="totp-code" error={fieldErrors.code}>
          <Input
            id="totp-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            data-testid="totp-code"
          />
        </Field>
      )}
    </ActionDialog>
  );
}
