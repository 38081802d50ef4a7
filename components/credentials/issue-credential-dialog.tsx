"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { issueCredentialAction } from "@/app/(dashboard)/senders/[id]/credentials-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { CredentialSecretResult, type RelayEndpoint } from "./credential-secret-result";

export interface ExpiryLimits {
  defaultDays: number;
  maxDays: number;
}

export function IssueCredentialDialog({ senderId, senderCidrs, limits, relay, disabled }: { senderId: string; senderCidrs: string[]; limits: ExpiryLimits; relay: RelayEndpoint; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, data, reset } = useAction(issueCredentialAction);
  const fields = error?.fieldErrors ?? {};
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        // Closing drops the secret from memory: it is not shown again.
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" disabled={disabled} data-testid="credential-issue-open">
          <KeyRound className="size-3.5" aria-hidden /> Issue credential
        </Button>
      </DialogTrigger>
      <DialogContent title="Issue an SMTP credential" description="The password is shown once, right after issuing. Copy it into the sender's SMTP settings.">
        {data ? (
          <CredentialSecretResult username={data.credential.username} secret={data.secret} relay={relay} />
        ) : (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              run({ senderId, expiresInDays: form.get("expiresInDays"), allowedCidrs: form.get("allowedCidrs") });
            }}
          >
            {error ? <Alert testId="credential-issue-error">{error.message}</Alert> : null}
            <Field label="Expires in (days)" htmlFor="credential-expiry" error={fields.expiresInDays} hint={`Empty means ${limits.defaultDays} days; at most ${limits.maxDays}.`}>
              <Input id="credential-expiry" name="expiresInDays" type="number" min={1} max={limits.maxDays} placeholder={String(limits.defaultDays)} />
            </Field>
            <Field
              label="Source networks (optional)"
              htmlFor="credential-cidrs"
              error={fields.allowedCidrs}
              hint={senderCidrs.length ? `Each must lie within the sender's: ${senderCidrs.join(", ")}. Empty means the sender's.` : "Empty means any source the sender may use."}
            >
              <Textarea id="credential-cidrs" name="allowedCidrs" placeholder="10.20.0.0/24, 2001:db8:5::/48" />
            </Field>
            <div className="flex justify-end gap-2 pt-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending} data-testid="credential-issue-submit">
                {pending ? "Issuing…" : "Issue credential"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
