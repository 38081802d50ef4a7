"use client";

import { useState } from "react";
import { revokeRelayAndRotateKeysAction } from "@/app/(dashboard)/relays/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";

// One confirmed step for a relay that may be compromised: its token is refused and every DKIM
// key it was handed that still signs is replaced. Typing the relay's name confirms it.
export function RevokeAndRotateDialog({
  relayId,
  name,
  revoked,
  activeKeys,
  onDone,
}: {
  relayId: string;
  name: string;
  revoked: boolean;
  activeKeys: number;
  onDone: () => void;
}) {
  const [typed, setTyped] = useState("");
  const what = revoked
    ? `Rotate the ${activeKeys} DKIM key(s) revoked relay ${name} held?`
    : `Revoke relay ${name} and rotate the ${activeKeys} DKIM key(s) it holds?`;
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="danger" data-testid={`revoke-rotate-open-${name}`}>
          {revoked ? "Rotate held keys" : "Revoke & rotate keys"}
        </Button>
      }
      title={what}
      description="In one step: the relay's token is refused from its next request on, and each key it was handed that still signs gets a new key and selector (publish the new DNS records). Relays get one new policy version."
      action={revokeRelayAndRotateKeysAction}
      toInput={(form) => ({
        relayId,
        confirmName: typed,
        reason: form.get("reason"),
        overlapDays: form.get("overlapDays"),
      })}
      submitLabel={revoked ? "Rotate keys" : "Revoke and rotate"}
      pendingLabel="Rotating…"
      submitVariant="danger"
      submitDisabled={typed.trim() !== name}
      testId="revoke-rotate"
      submitTestId="revoke-rotate-submit"
      onDone={onDone}
      onClose={() => setTyped("")}
    >
      {(fieldErrors) => (
        <>
          <Field label="Reason" htmlFor="revoke-rotate-reason" error={fieldErrors.reason}>
            <Textarea id="revoke-rotate-reason" name="reason" data-testid="revoke-rotate-reason" />
          </Field>
          <Field
            label="Keep the old keys published for (days)"
            htmlFor="revoke-rotate-overlap"
            error={fieldErrors.overlapDays}
            hint="Empty: the default overlap. 0 retires them at once: choose 0 if the relay may be compromised (mail signed with them in the queues of other relays will then fail DKIM)."
          >
            <Input
              id="revoke-rotate-overlap"
              name="overlapDays"
              inputMode="numeric"
              data-testid="revoke-rotate-overlap"
            />
          </Field>
          <Field label={`Type ${name} to confirm`} htmlFor="revoke-rotate-confirm" error={fieldErrors.confirmName}>
            <Input
              id="revoke-rotate-confirm"
              autoComplete="off"
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              data-testid="revoke-rotate-confirm"
            />
          </Field>
        </>
      )}
    </ActionDialog>
  );
}
