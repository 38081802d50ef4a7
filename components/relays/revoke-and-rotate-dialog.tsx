"use client";

import { useState } from "react";
import { revokeRelayAndRotateKeysAction } from "@/app/(dashboard)/relays/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

// One confirmed step for a relay that may be compromised: its token is refused and every DKIM
// key it was handed that still signs is replaced. Typing the relay's name confirms it.
export function RevokeAndRotateDialog({ relayId, name, revoked, activeKeys, onDone }: { relayId: string; name: string; revoked: boolean; activeKeys: number; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState("");
  const { run, pending, error, reset } = useAction(revokeRelayAndRotateKeysAction);
  const what = revoked ? `Rotate the ${activeKeys} DKIM key(s) revoked relay ${name} held?` : `Revoke relay ${name} and rotate the ${activeKeys} DKIM key(s) it holds?`;
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          reset();
          setTyped("");
        }
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="danger" data-testid={`revoke-rotate-open-${name}`}>
          {revoked ? "Rotate held keys" : "Revoke & rotate keys"}
        </Button>
      </DialogTrigger>
      <DialogContent
        title={what}
        description="In one step: the relay's token is refused from its next request on, and each key it was handed that still signs gets a new key and selector (publish the new DNS records). Relays get one new policy version."
      >
        <form
          className="space-y-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run({ relayId, confirmName: typed, reason: form.get("reason"), overlapDays: form.get("overlapDays") }, () => {
              setOpen(false);
              onDone();
            });
          }}
        >
          {error ? <Alert>{error.message}</Alert> : null}
          <Field label="Reason" htmlFor="revoke-rotate-reason" error={error?.fieldErrors?.reason}>
            <Textarea id="revoke-rotate-reason" name="reason" data-testid="revoke-rotate-reason" />
          </Field>
          <Field
            label="Keep the old keys published for (days)"
            htmlFor="revoke-rotate-overlap"
            error={error?.fieldErrors?.overlapDays}
            hint="Empty: the default overlap. 0 retires them at once: choose 0 if the relay may be compromised (mail signed with them in the queues of other relays will then fail DKIM)."
          >
            <Input id="revoke-rotate-overlap" name="overlapDays" inputMode="numeric" data-testid="revoke-rotate-overlap" />
          </Field>
          <Field label={`Type ${name} to confirm`} htmlFor="revoke-rotate-confirm" error={error?.fieldErrors?.confirmName}>
            <Input id="revoke-rotate-confirm" autoComplete="off" value={typed} onChange={(e) => setTyped(e.target.value)} data-testid="revoke-rotate-confirm" />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending || typed.trim() !== name} data-testid="revoke-rotate-submit">
              {pending ? "Rotating…" : revoked ? "Rotate keys" : "Revoke and rotate"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
