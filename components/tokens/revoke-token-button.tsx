"use client";

import { useState } from "react";
import { revokeApiTokenAction } from "@/app/(dashboard)/tokens/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { useAction } from "@/components/use-action";

export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error } = useAction(revokeApiTokenAction);
  return (
    <DialogRoot open={open} onOpenChange={setOpen}>
      <DialogTrigger asChild>
        <Button size="sm" variant="secondary" data-testid={`revoke-token-${name}`}>
          Revoke
        </Button>
      </DialogTrigger>
      <DialogContent title={`Revoke the token "${name}"?`} description="Anything using it is refused from the next request on. This cannot be undone.">
        {error ? <Alert>{error.message}</Alert> : null}
        <div className="flex justify-end gap-2">
          <DialogClose asChild>
            <Button variant="secondary">Cancel</Button>
          </DialogClose>
          <Button variant="danger" disabled={pending} onClick={() => run({ tokenId }, () => setOpen(false))} data-testid="revoke-token-confirm">
            {pending ? "Revoking…" : "Revoke token"}
          </Button>
        </div>
      </DialogContent>
    </DialogRoot>
  );
}
