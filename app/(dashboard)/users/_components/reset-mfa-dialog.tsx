"use client";

import { resetUserMfaAction } from "@/app/(dashboard)/users/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import type { UserView } from "@/lib/users/user-view";

// A user who lost their authenticator and recovery codes: their second factor is cleared and their
// sessions end; they sign in with their password and enrol again. Confirmed with a reason.
export function ResetMfaDialog({ user }: { user: UserView }) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="ghost" data-testid={`reset-mfa-${user.email}`}>
          Reset two-factor
        </Button>
      }
      title={`Reset the two-factor sign-in of ${user.email}?`}
      description="Their authenticator app and recovery codes stop working and their sessions end. They sign in with their password and set up two-factor again."
      action={resetUserMfaAction}
      toInput={(form) => ({ userId: user.id, reason: form.get("reason") })}
      submitLabel="Reset two-factor"
      pendingLabel="Resetting…"
      submitVariant="danger"
      testId="reset-mfa"
    >
      {(fieldErrors) => (
        <Field label="Reason" htmlFor="reset-mfa-reason" error={fieldErrors.reason}>
          <Textarea id="reset-mfa-reason" name="reason" required />
        </Field>
      )}
    </ActionDialog>
  );
}
