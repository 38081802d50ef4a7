"use client";

import { approveReleaseAction } from "@/app/(dashboard)/quarantine/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

// Second step, by another person: the holding relay delivers the message within seconds.
export function ApproveReleaseDialog({
  quarantineId,
  requestedBy,
  reason,
}: {
  quarantineId: string;
  requestedBy: string;
  reason: string | null;
}) {
  return (
    <ActionDialog
      trigger={<Button data-testid="release-approve-open">Approve release</Button>}
      title="Approve the release?"
      description={
        <>
          {requestedBy} asked for it{reason ? <>: “{reason}”</> : null}. Once approved, the relay that holds the message
          delivers it within seconds; this cannot be undone.
        </>
      }
      action={approveReleaseAction}
      toInput={(form) => ({ quarantineId, comment: form.get("comment") })}
      submitLabel="Approve release"
      pendingLabel="Approving…"
      testId="release-approve"
    >
      {(fieldErrors) => (
        <Field label="Comment (optional)" htmlFor="release-approve-comment" error={fieldErrors.comment}>
          <Textarea id="release-approve-comment" name="comment" placeholder="What you checked" />
        </Field>
      )}
    </ActionDialog>
  );
}

// Shown instead of the dialog when this viewer may not approve (e.g. they asked for the release).
export function ApproveReleaseBlocked({ why }: { why: string }) {
  return (
    <Button disabled title={why} aria-describedby="release-approve-blocked" data-testid="release-approve-disabled">
      Approve release
    </Button>
  );
}
