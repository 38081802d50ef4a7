"use client";

import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { disableTotpAction } from "../actions";

export function DisableTotpDialog({ required }: { required: boolean }) {
  return (
    <ActionDialog
      trigger={
        <Button variant="secondary" data-testid="totp-disable-open">
          Turn off
        </Button>
      }
      title="Turn off two-factor sign-in"
      description={
        required
          ? "Your role requires two-factor sign-in: after turning it off you must enrol again before anything else."
          : "Your password alone will then sign you in. Your recovery codes stop working."
      }
      action={disableTotpAction}
      submitLabel="Turn off"
      pendingLabel="Turning off…"
      submitVariant="danger"
      testId="totp-disable"
    >
      {(fieldErrors) => (
        <Field label="Current code or a recovery code" htmlFor="totp-disable-code" error={fieldErrors.code}>
          <Input id="totp-disable-code" name="code" autoComplete="one-time-code" />
        </Field>
      )}
    </ActionDialog>
  );
}
