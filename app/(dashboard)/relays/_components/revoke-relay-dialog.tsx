"use client";

import { revokeRelayAction } from "@/app/(dashboard)/relays/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

export function RevokeRelayDialog({ relayId, name, onDone }: { relayId: string; name: string; onDone: () => void }) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="secondary">
          Revoke
        </Button>
      }
      title={`Revoke relay ${name}?`}
      description="Its token is refused from the next poll on; it keeps its last policy until that goes stale, then refuses mail."
      action={revokeRelayAction}
      toInput={(form) => ({ relayId, reason: form.get("reason") })}
      submitLabel="Revoke relay"
      pendingLabel="Revoking…"
      submitVariant="danger"
      testId="revoke-relay"
      onDone={onDone}
    >
      {(fieldErrors) => (
        <Field label="Reason" htmlFor="relay-revoke-reason" error={fieldErrors.reason}>
          <Textarea id="relay-revoke-reason" name="reason" />
        </Field>
      )}
    </ActionDialog>
  );
}
