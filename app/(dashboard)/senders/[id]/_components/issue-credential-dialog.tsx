"use client";

import { KeyRound } from "lucide-react";
import { issueCredentialAction } from "@/app/(dashboard)/senders/[id]/credentials-actions";
import { ActionDialog } from "@/components/action-dialog";
import { CredentialSecretResult, type RelayEndpoint } from "@/components/credentials/credential-secret-result";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";

export interface ExpiryLimits {
  defaultDays: number;
  maxDays: number;
}

// The password is shown once; closing the dialog drops it from memory.
export function IssueCredentialDialog({
  senderId,
  senderCidrs,
  limits,
  relay,
  disabled,
}: {
  senderId: string;
  senderCidrs: string[];
  limits: ExpiryLimits;
  relay: RelayEndpoint;
  disabled?: boolean;
}) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" disabled={disabled} data-testid="credential-issue-open">
          <KeyRound className="size-3.5" aria-hidden /> Issue credential
        </Button>
      }
      title="Issue an SMTP credential"
      description="The password is shown once, right after issuing. Copy it into the sender's SMTP settings."
      action={issueCredentialAction}
      toInput={(form) => ({
        senderId,
        expiresInDays: form.get("expiresInDays"),
        allowedCidrs: form.get("allowedCidrs"),
      })}
      submitLabel="Issue credential"
      pendingLabel="Issuing…"
      testId="credential-issue"
      submitTestId="credential-issue-submit"
      doneTestId="credential-issued-done"
      result={(data) => (
        <CredentialSecretResult username={data.credential.username} secret={data.secret} relay={relay} />
      )}
    >
      {(fieldErrors) => (
        <>
          <Field
            label="Expires in (days)"
            htmlFor="credential-expiry"
            error={fieldErrors.expiresInDays}
            hint={`Empty means ${limits.defaultDays} days; at most ${limits.maxDays}.`}
          >
            <Input
              id="credential-expiry"
              name="expiresInDays"
              type="number"
              min={1}
              max={limits.maxDays}
              placeholder={String(limits.defaultDays)}
            />
          </Field>
          <Field
            label="Source networks (optional)"
            htmlFor="credential-cidrs"
            error={fieldErrors.allowedCidrs}
            hint={
              senderCidrs.length
                ? `Each must lie within the sender's: ${senderCidrs.join(", ")}. Empty means the sender's.`
                : "Empty means any source the sender may use."
            }
          >
            <Textarea id="credential-cidrs" name="allowedCidrs" placeholder="10.20.0.0/24, 2001:db8:5::/48" />
          </Field>
        </>
      )}
    </ActionDialog>
  );
}
