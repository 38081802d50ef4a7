"use client";

import { revokeMySessionAction, revokeUserSessionAction } from "@/app/(dashboard)/account/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

// Ends one session after a confirmation: the browser holding it is signed out at its next request.
// `asAdmin`: an admin ending another user's session (Users → Sessions).
export function RevokeSessionDialog({
  session,
  asAdmin = false,
}: {
  session: { id: string; device: string; current: boolean };
  asAdmin?: boolean;
}) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="secondary" data-testid={`revoke-session-${session.id}`}>
          {session.current ? "Sign out" : "Revoke"}
        </Button>
      }
      title={session.current ? "Sign out this browser?" : `Revoke the session on ${session.device}?`}
      description={
        session.current
          ? "This is the session you are using: you will be signed out at your next click."
          : "That browser is signed out at its next request and has to sign in again."
      }
      action={asAdmin ? revokeUserSessionAction : revokeMySessionAction}
      toInput={(form) => ({ sessionId: session.id, reason: form.get("reason") })}
      submitLabel="Revoke session"
      pendingLabel="Revoking…"
      submitVariant="danger"
      testId="revoke-session"
    >
      {(fieldErrors) => (
        <Field label="Reason (optional)" htmlFor="revoke-session-reason" error={fieldErrors.reason}>
          <Input id="revoke-session-reason" name="reason" maxLength={500} />
        </Field>
      )}
    </ActionDialog>
  );
}
