"use client";

import { deleteQuarantinedAction } from "@/app/(dashboard)/quarantine/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

export function DeleteQuarantinedDialog({ quarantineId }: { quarantineId: string }) {
  return (
    <ActionDialog
      trigger={
        <Button variant="danger" data-testid="quarantine-delete-open">
          Delete
        </Button>
      }
      title="Delete this message for good?"
      description="The relay that holds it removes it within seconds. It is never delivered and cannot be recovered."
      action={deleteQuarantinedAction}
      toInput={(form) => ({ quarantineId, reason: form.get("reason") })}
      submitLabel="Delete message"
      pendingLabel="Deleting…"
      submitVariant="danger"
      testId="quarantine-delete"
    >
      {(fieldErrors) => (
        <Field label="Reason (required)" htmlFor="quarantine-delete-reason" error={fieldErrors.reason}>
          <Textarea
            id="quarantine-delete-reason"
            name="reason"
            required
            placeholder="e.g. confirmed data leak; sender informed"
          />
        </Field>
      )}
    </ActionDialog>
  );
}
