"use client";

import { removeSuppressionAction } from "@/app/(dashboard)/suppressions/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

export function RemoveSuppressionDialog({ suppressionId, address }: { suppressionId: string; address: string }) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="secondary" data-testid="suppression-remove-open">
          Remove
        </Button>
      }
      title={`Remove ${address} from the suppression list?`}
      description="Relays accept mail to this recipient again within seconds. If it bounces or complains again it is suppressed again."
      action={removeSuppressionAction}
      toInput={(form) => ({ suppressionId, reason: form.get("reason") })}
      submitLabel="Remove"
      pendingLabel="Removing…"
      submitVariant="danger"
      testId="suppression-remove"
    >
      {(fieldErrors) => (
        <Field label="Reason (required)" htmlFor="suppression-remove-reason" error={fieldErrors.reason}>
          <Textarea
            id="suppression-remove-reason"
            name="reason"
            required
            placeholder="e.g. mailbox fixed, recipient asked to receive mail again"
          />
        </Field>
      )}
    </ActionDialog>
  );
}
