"use client";

import { revokeCredentialAction } from "@/app/(dashboard)/senders/[id]/credentials-actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

// Revocation is immediate and final: confirm step and a mandatory reason (kept in the audit log).
export function RevokeCredentialDialog({ credential }: { credential: { id: string; username: string } }) {
  return (
    <ActionDialog
      trigger={
        <Button
          size="sm"
          variant="ghost"
          className="text-red-700 dark:text-red-400"
          data-testid={`credential-revoke-${credential.username}`}
        >
          Revoke
        </Button>
      }
      title={`Revoke ${credential.username}?`}
      description="Relays refuse it as soon as they load the next policy version. This cannot be undone."
      action={revokeCredentialAction}
      toInput={(form) => ({ credentialId: credential.id, reason: form.get("reason") })}
      submitLabel="Revoke credential"
      pendingLabel="Revoking…"
      submitVariant="danger"
      testId="credential-revoke"
    >
      {(fieldErrors) => (
        <Field label="Reason" htmlFor={`revoke-reason-${credential.id}`} error={fieldErrors.reason}>
          <Textarea
            id={`revoke-reason-${credential.id}`}
            name="reason"
            required
            data-testid="credential-revoke-reason"
          />
        </Field>
      )}
    </ActionDialog>
  );
}
