"use client";

import { useState } from "react";
import { releaseKillSwitchAction } from "@/app/(dashboard)/kill-switch/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

export function ReleaseKillSwitchDialog({ killSwitchId, label }: { killSwitchId: string; label: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useAction(releaseKillSwitchAction);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="secondary" data-testid={`release-${label}`}>
          Release
        </Button>
      </DialogTrigger>
      <DialogContent title={`Release the kill switch on ${label}?`} description="Relays accept matching mail again within a second.">
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            run({ killSwitchId, reason: new FormData(event.currentTarget).get("reason") }, () => setOpen(false));
          }}
        >
          {error ? <Alert>{error.message}</Alert> : null}
          <Field label="Reason" htmlFor="release-reason" error={error?.fieldErrors?.reason}>
            <Textarea id="release-reason" name="reason" placeholder="e.g. credential rotated, leak contained" />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending} data-testid="release-confirm">
              {pending ? "Releasing…" : "Release"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
