"use client";

import { clearSourceMarkAction } from "@/app/(dashboard)/posture/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

export function ClearMarkDialog({ domainId, sourceIp }: { domainId: string; sourceIp: string }) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="ghost" data-testid={`unmark-source-${sourceIp}`}>
          Unmark
        </Button>
      }
      title={`Take back the verdict on ${sourceIp}?`}
      description="The source is highlighted again until it is registered or marked."
      action={clearSourceMarkAction}
      toInput={(form) => ({ domainId, sourceIp, reason: form.get("reason") })}
      submitLabel="Unmark"
      pendingLabel="Saving…"
      testId="unmark-source"
      submitTestId="unmark-confirm"
    >
      {(fieldErrors) => (
        <Field label="Reason" htmlFor="unmark-reason" error={fieldErrors.reason}>
          <Textarea id="unmark-reason" name="reason" required data-testid="unmark-reason" />
        </Field>
      )}
    </ActionDialog>
  );
}
