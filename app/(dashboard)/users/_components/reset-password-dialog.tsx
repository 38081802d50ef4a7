"use client";

import { resetUserPasswordAction } from "@/app/(dashboard)/users/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { SecretOnce } from "@/components/ui/secret-once";
import type { UserView } from "@/lib/users/user-view";

// A confirmation without fields; the new password is shown once, then the dialog closes only by Done.
export function ResetPasswordDialog({ user }: { user: UserView }) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="ghost">
          Reset password
        </Button>
      }
      title={`Reset the password of ${user.email}?`}
      description="A new password is generated and shown once; their current sessions end and their API tokens are revoked."
      action={resetUserPasswordAction}
      toInput={() => ({ userId: user.id })}
      submitLabel="Reset password"
      pendingLabel="Resetting…"
      submitVariant="danger"
      testId="reset-password"
      result={(data) => <SecretOnce label="New password" value={data.password} />}
    />
  );
}
