"use client";

import { useState } from "react";
import { resetUserPasswordAction } from "@/app/(dashboard)/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { useAction } from "@/components/use-action";
import type { UserView } from "@/lib/users/user-view";
import { SecretOnce } from "@/components/ui/secret-once";

export function ResetPasswordDialog({ user }: { user: UserView }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, data, reset } = useAction(resetUserPasswordAction);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="ghost">
          Reset password
        </Button>
      </DialogTrigger>
      <DialogContent title={`Reset the password of ${user.email}?`} description="A new password is generated and shown once; their current sessions end and their API tokens are revoked.">
        {error ? <Alert>{error.message}</Alert> : null}
        {data ? (
          <SecretOnce label="New password" value={data.password} />
        ) : (
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button variant="danger" disabled={pending} onClick={() => run({ userId: user.id })}>
              {pending ? "Resetting…" : "Reset password"}
            </Button>
          </div>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
