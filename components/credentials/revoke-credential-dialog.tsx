"use client";

import { useState } from "react";
import { revokeCredentialAction } from "@/app/(dashboard)/senders/[id]/credentials-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

// Revocation is immediate and final: confirm step and a mandatory reason (kept in the audit log).
export function RevokeCredentialDialog({ credential }: { credential: { id: string; username: string } }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useAction(revokeCredentialAction);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="ghost" className="text-red-700 dark:text-red-400" data-testid={`credential-revoke-${credential.username}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent title={`Revoke ${credential.username}?`} description="Relays refuse it as soon as they load the next policy version. This cannot be undone.">
        <form
          className="space-y-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run({ credentialId: credential.id, reason: form.get("reason") }, () => setOpen(false));
          }}
        >
          {error ? <Alert testId="credential-revoke-error">{error.message}</Alert> : null}
          <Field label="Reason" htmlFor={`revoke-reason-${credential.id}`} error={error?.fieldErrors?.reason}>
            <Textarea id={`revoke-reason-${credential.id}`} name="reason" required data-testid="credential-revoke-reason" />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending} data-testid="credential-revoke-confirm">
              {pending ? "Revoking…" : "Revoke credential"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
