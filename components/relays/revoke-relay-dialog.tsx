"use client";

import { useState } from "react";
import { revokeRelayAction } from "@/app/(dashboard)/relays/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

export function RevokeRelayDialog({ relayId, name, onDone }: { relayId: string; name: string; onDone: () => void }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error } = useAction(revokeRelayAction);
  return (
    <DialogRoot open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="secondary">
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent title={`Revoke relay ${name}?`} description="Its token is refused from the next poll on; it keeps its last policy until that goes stale, then refuses mail.">
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            run({ relayId, reason: new FormData(event.currentTarget).get("reason") }, () => {
              setOpen(false);
              onDone();
            });
          }}
        >
          {error ? <Alert>{error.message}</Alert> : null}
          <Field label="Reason" htmlFor="relay-revoke-reason" error={error?.fieldErrors?.reason}>
            <Textarea id="relay-revoke-reason" name="reason" />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending}>
              {pending ? "Revoking…" : "Revoke relay"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
