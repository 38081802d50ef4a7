"use client";

import { revokeAllUserSessionsAction } from "@/app/(dashboard)/account/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

// An admin ends every live session of one user (their API tokens are untouched).
export function UserSessionsRevokeAllDialog({ user, live }: { user: { id: string; email: string }; live: number }) {
  return (
    <ActionDialog
      trigger={
        <Button variant="danger" disabled={live === 0} data-testid="revoke-user-sessions">
          Revoke all sessions
        </Button>
      }
      title={`Sign ${user.email} out everywhere?`}
      description={`Their ${live} live session${live === 1 ? "" : "s"} end at the next request; they can sign in again.`}
      action={revokeAllUserSessionsAction}
      toInput={(form) => ({ userId: user.id, reason: form.get("reason") })}
      submitLabel="Revoke all sessions"
      pendingLabel="Revoking…"
      submitVariant="danger"
      testId="revoke-user-sessions"
    >
      {(fieldErrors) => (
        <Field label="Reason (optional)" htmlFor="revoke-user-sessions-reason" error={fieldErrors.reason}>
          <Input id="revoke-user-sessions-reason" name="reason" maxLength={500} />
        </Field>
      )}
    </ActionDialog>
  );
}
