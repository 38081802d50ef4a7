"use client";

import { RefreshCw } from "lucide-react";
import type { ExpiryLimits } from "@/app/(dashboard)/senders/[id]/_components/issue-credential-dialog";
import { rotateCredentialAction } from "@/app/(dashboard)/senders/[id]/credentials-actions";
import { ActionDialog } from "@/components/action-dialog";
import { CredentialSecretResult, type RelayEndpoint } from "@/components/credentials/credential-secret-result";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";

// A successor credential; the old one keeps working for the overlap so the sender can switch over.
export function RotateCredentialDialog({
  credential,
  defaultOverlapHours,
  limits,
  relay,
}: {
  credential: { id: string; username: string };
  defaultOverlapHours: number;
  limits: ExpiryLimits;
  relay: RelayEndpoint;
}) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="ghost" data-testid={`credential-rotate-${credential.username}`}>
          <RefreshCw className="size-3.5" aria-hidden /> Rotate
        </Button>
      }
      title={`Rotate ${credential.username}?`}
      description="A new credential is issued now; the old one keeps working until the overlap ends, then expires."
      action={rotateCredentialAction}
      toInput={(form) => ({
        credentialId: credential.id,
        overlapHours: form.get("overlapHours"),
        expiresInDays: form.get("expiresInDays"),
      })}
      submitLabel="Rotate credential"
      pendingLabel="Rotating…"
      testId="credential-rotate"
      submitTestId="credential-rotate-submit"
      doneTestId="credential-issued-done"
      result={(data) => {
        const endsAt = data.previous.expiresAt ? new Date(data.previous.expiresAt).toLocaleString() : null;
        const note =
          data.previous.status === "expired"
            ? `${credential.username} stopped working now.`
            : `${credential.username} keeps working until ${endsAt}.`;
        return (
          <CredentialSecretResult username={data.credential.username} secret={data.secret} relay={relay} note={note} />
        );
      }}
    >
      {(fieldErrors) => (
        <>
          <Field
            label="Overlap (hours)"
            htmlFor={`overlap-${credential.id}`}
            error={fieldErrors.overlapHours}
            hint="How long the old credential stays valid; 0 ends it at once."
          >
            <Input
              id={`overlap-${credential.id}`}
              name="overlapHours"
              type="number"
              min={0}
              defaultValue={defaultOverlapHours}
              data-testid="credential-rotate-overlap"
            />
          </Field>
          <Field
            label="New credential expires in (days)"
            htmlFor={`rotate-expiry-${credential.id}`}
            error={fieldErrors.expiresInDays}
            hint={`Empty means ${limits.defaultDays} days; at most ${limits.maxDays}.`}
          >
            <Input
              id={`rotate-expiry-${credential.id}`}
              name="expiresInDays"
              type="number"
              min={1}
              max={limits.maxDays}
              placeholder={String(limits.defaultDays)}
            />
          </Field>
          {fieldErrors.allowedCidrs ? <Alert>{fieldErrors.allowedCidrs.join(" ")}</Alert> : null}
        </>
      )}
    </ActionDialog>
  );
}
