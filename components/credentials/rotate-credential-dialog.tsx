"use client";

import { RefreshCw } from "lucide-react";
import { useState } from "react";
import { rotateCredentialAction } from "@/app/(dashboard)/senders/[id]/credentials-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { CredentialSecretResult, type RelayEndpoint } from "./credential-secret-result";
import type { ExpiryLimits } from "./issue-credential-dialog";

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
  const [open, setOpen] = useState(false);
  const { run, pending, error, data, reset } = useAction(rotateCredentialAction);
  const fields = error?.fieldErrors ?? {};
  const endsAt = data?.previous.expiresAt ? new Date(data.previous.expiresAt).toLocaleString() : null;
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="ghost" data-testid={`credential-rotate-${credential.username}`}>
          <RefreshCw className="size-3.5" aria-hidden /> Rotate
        </Button>
      </DialogTrigger>
      <DialogContent title={`Rotate ${credential.username}?`} description="A new credential is issued now; the old one keeps working until the overlap ends, then expires.">
        {data ? (
          <CredentialSecretResult
            username={data.credential.username}
            secret={data.secret}
            relay={relay}
            note={data.previous.status === "expired" ? `${credential.username} stopped working now.` : `${credential.username} keeps working until ${endsAt}.`}
          />
        ) : (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              run({ credentialId: credential.id, overlapHours: form.get("overlapHours"), expiresInDays: form.get("expiresInDays") });
            }}
          >
            {error ? <Alert testId="credential-rotate-error">{error.message}</Alert> : null}
            <Field label="Overlap (hours)" htmlFor={`overlap-${credential.id}`} error={fields.overlapHours} hint="How long the old credential stays valid; 0 ends it at once.">
              <Input id={`overlap-${credential.id}`} name="overlapHours" type="number" min={0} defaultValue={defaultOverlapHours} data-testid="credential-rotate-overlap" />
            </Field>
            <Field label="New credential expires in (days)" htmlFor={`rotate-expiry-${credential.id}`} error={fields.expiresInDays} hint={`Empty means ${limits.defaultDays} days; at most ${limits.maxDays}.`}>
              <Input id={`rotate-expiry-${credential.id}`} name="expiresInDays" type="number" min={1} max={limits.maxDays} placeholder={String(limits.defaultDays)} />
            </Field>
            {fields.allowedCidrs ? <Alert>{fields.allowedCidrs.join(" ")}</Alert> : null}
            <div className="flex justify-end gap-2 pt-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending} data-testid="credential-rotate-submit">
                {pending ? "Rotating…" : "Rotate credential"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
