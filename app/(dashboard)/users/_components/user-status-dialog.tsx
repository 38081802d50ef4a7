"use client";

import { disableUserAction, enableUserAction } from "@/app/(dashboard)/users/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import type { UserView } from "@/lib/users/user-view";

// Disable (ends every session of that user and revokes their API tokens at once) or re-enable, with a reason and a confirm step.
export function UserStatusDialog({ user }: { user: UserView }) {
  const disabling = user.status === "active";
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="secondary" data-testid={`${disabling ? "disable" : "enable"}-${user.email}`}>
          {disabling ? "Disable" : "Enable"}
        </Button>
      }
      title={disabling ? `Disable ${user.email}?` : `Enable ${user.email}?`}
      description={
        disabling
          ? "Their sessions stop working immediately, their API tokens are revoked, and they cannot sign in until re-enabled."
          : "They will be able to sign in again."
      }
      action={disabling ? disableUserAction : enableUserAction}
      toInput={(form) => ({ userId: user.id, reason: form.get("reason") })}
      submitLabel={disabling ? "Disable user" : "Enable user"}
      pendingLabel="Saving…"
      submitVariant={disabling ? "danger" : "primary"}
      testId="user-status"
    >
      {(fieldErrors) => (
        <Field label="Reason" htmlFor="status-reason" error={fieldErrors.reason}>
          <Textarea id="status-reason" name="reason" required />
        </Field>
      )}
    </ActionDialog>
  );
}
