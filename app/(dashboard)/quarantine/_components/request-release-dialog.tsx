"use client";

import { requestReleaseAction } from "@/app/(dashboard)/quarantine/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

// First step of a release: the reason goes to the second person and the audit log.
export function RequestReleaseDialog({ quarantineId }: { quarantineId: string }) {
  return (
    <ActionDialog
      trigger={<Button data-testid="release-request-open">Request release</Button>}
      title="Request the release of this message?"
      description="Nothing is delivered yet: another person (security or an admin) must approve the release."
      action={requestReleaseAction}
      toInput={(form) => ({ quarantineId, reason: form.get("reason") })}
      submitLabel="Request release"
      pendingLabel="Requesting…"
      testId="release-request"
    >
      {(fieldErrors) => (
        <Field label="Reason (required)" htmlFor="release-request-reason" error={fieldErrors.reason}>
          <Textarea
            id="release-request-reason"
            name="reason"
            required
            placeholder="e.g. the card number is a test number; checked with the sender"
          />
        </Field>
      )}
    </ActionDialog>
  );
}
