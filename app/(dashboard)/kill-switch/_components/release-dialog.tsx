"use client";

import { releaseKillSwitchAction } from "@/app/(dashboard)/kill-switch/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

export function ReleaseKillSwitchDialog({ killSwitchId, label }: { killSwitchId: string; label: string }) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="secondary" data-testid={`release-${label}`}>
          Release
        </Button>
      }
      title={`Release the kill switch on ${label}?`}
      description="Relays accept matching mail again within a second."
      action={releaseKillSwitchAction}
      toInput={(form) => ({ killSwitchId, reason: form.get("reason") })}
      submitLabel="Release"
      pendingLabel="Releasing…"
      testId="release"
    >
      {(fieldErrors) => (
        <Field label="Reason" htmlFor="release-reason" error={fieldErrors.reason}>
          <Textarea id="release-reason" name="reason" placeholder="e.g. credential rotated, leak contained" />
        </Field>
      )}
    </ActionDialog>
  );
}
