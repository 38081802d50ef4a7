"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { ActionDialog } from "@/components/action-dialog";
import { RecoveryCodes } from "@/components/mfa/recovery-codes";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { regenerateRecoveryCodesAction } from "../actions";

// Lost or used up the recovery codes: a current authenticator code gives ten new ones, shown once.
export function RegenerateCodesDialog() {
  const router = useRouter();
  const [done, setDone] = useState(false);
  return (
    <ActionDialog
      trigger={
        <Button variant="secondary" data-testid="recovery-codes-regenerate-open">
          New recovery codes
        </Button>
      }
      title="New recovery codes"
      description="Type the 6-digit code your authenticator app shows. Your current recovery codes stop working."
      action={regenerateRecoveryCodesAction}
      submitLabel="Generate new codes"
      pendingLabel="Generating…"
      testId="recovery-codes-regenerate"
      onDone={() => setDone(true)}
      onClose={() => (done ? router.refresh() : undefined)}
      result={(data) => <RecoveryCodes codes={data.recoveryCodes} />}
    >
      {(fieldErrors) => (
        <Field label="Code" htmlFor="regenerate-code" error={fieldErrors.code}>
          <Input
            id="regenerate-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            data-testid="regenerate-code"
          />
        </Field>
      )}
    </ActionDialog>
  );
}
