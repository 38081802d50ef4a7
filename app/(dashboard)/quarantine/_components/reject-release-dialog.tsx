"use client";

import { rejectReleaseAction } from "@/app/(dashboard)/quarantine/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

// Turns a release request down (or, for the person who asked, withdraws it): the message is held
// again and nothing leaves.
export function RejectReleaseDialog({ quarantineId, ownRequest }: { quarantineId: string; ownRequest: boolean }) {
  const label = ownRequest ? "Withdraw request" : "Reject";
  return (
    <ActionDialog
      trigger={
        <Button variant="secondary" data-testid="release-reject-open">
          {label}
        </Button>
      }
      title={ownRequest ? "Withdraw your release request?" : "Reject the release request?"}
      description="The message stays held; a release can be requested again later."
      action={rejectReleaseAction}
      toInput={(form) => ({ quarantineId, comment: form.get("comment") })}
      submitLabel={label}
      pendingLabel="Saving…"
      testId="release-reject"
    >
      {(fieldErrors) => (
        <Field label="Comment (required)" htmlFor="release-reject-comment" error={fieldErrors.comment}>
          <Textarea
            id="release-reject-comment"
            name="comment"
            required
            placeholder={ownRequest ? "Why you withdraw it" : "Why it must stay held"}
          />
        </Field>
      )}
    </ActionDialog>
  );
}
