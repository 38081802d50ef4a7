"use client";

import { useState } from "react";
import { clearSourceMarkAction } from "@/app/(dashboard)/posture/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

export function ClearMarkDialog({ domainId, sourceIp }: { domainId: string; sourceIp: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useAction(clearSourceMarkAction);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="ghost" data-testid={`unmark-source-${sourceIp}`}>
          Unmark
        </Button>
      </DialogTrigger>
      <DialogContent title={`Take back the verdict on ${sourceIp}?`} description="The source is highlighted again until it is registered or marked.">
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            run({ domainId, sourceIp, reason: new FormData(event.currentTarget).get("reason") }, () => setOpen(false));
          }}
        >
          {error ? <Alert testId="unmark-source-error">{error.message}</Alert> : null}
          <Field label="Reason" htmlFor="unmark-reason" error={error?.fieldErrors?.reason}>
            <Textarea id="unmark-reason" name="reason" required data-testid="unmark-reason" />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending} data-testid="unmark-confirm">
              {pending ? "Saving…" : "Unmark"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
