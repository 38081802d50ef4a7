"use client";

import { useState } from "react";
import { disableUserAction, enableUserAction } from "@/app/(dashboard)/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { UserView } from "@/lib/users/user-view";

// Disable (ends every session of that user and revokes their API tokens at once) or re-enable, with a reason and a confirm step.
export function UserStatusDialog({ user }: { user: UserView }) {
  const disabling = user.status === "active";
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useAction(disabling ? disableUserAction : enableUserAction);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant={disabling ? "secondary" : "secondary"} data-testid={`${disabling ? "disable" : "enable"}-${user.email}`}>
          {disabling ? "Disable" : "Enable"}
        </Button>
      </DialogTrigger>
      <DialogContent
        title={disabling ? `Disable ${user.email}?` : `Enable ${user.email}?`}
        description={disabling ? "Their sessions stop working immediately, their API tokens are revoked, and they cannot sign in until re-enabled." : "They will be able to sign in again."}
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run({ userId: user.id, reason: form.get("reason") }, () => setOpen(false));
          }}
        >
          {error ? <Alert testId="user-status-error">{error.message}</Alert> : null}
          <Field label="Reason" htmlFor="status-reason" error={error?.fieldErrors?.reason}>
            <Textarea id="status-reason" name="reason" required />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant={disabling ? "danger" : "primary"} disabled={pending} data-testid="user-status-confirm">
              {pending ? "Saving…" : disabling ? "Disable user" : "Enable user"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
