"use client";

import { retireDkimKeyAction } from "@/app/(dashboard)/domains/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

// Retiring a published key before its time, with a reason and a confirm step.
export function RetireKeyDialog({
  keyId,
  selector,
  domainName,
}: {
  keyId: string;
  selector: string;
  domainName: string;
}) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="ghost" data-testid={`retire-key-${selector}`}>
          Retire
        </Button>
      }
      title={`Retire key ${selector} of ${domainName}?`}
      description="Mail signed with it that is still in transit may fail DKIM once its DNS record is removed. This cannot be undone: a selector is never reused."
      action={retireDkimKeyAction}
      toInput={(form) => ({ keyId, reason: form.get("reason") })}
      submitLabel="Retire key"
      pendingLabel="Retiring…"
      submitVariant="danger"
      testId="retire-key"
    >
      {(fieldErrors) => (
        <Field label="Reason" htmlFor={`retire-reason-${selector}`} error={fieldErrors.reason}>
          <Textarea id={`retire-reason-${selector}`} name="reason" required />
        </Field>
      )}
    </ActionDialog>
  );
}
