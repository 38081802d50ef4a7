"use client";

import { useState } from "react";
import { retireDkimKeyAction } from "@/app/(dashboard)/domains/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

// Retiring a published key before its time, with a reason and a confirm step.
export function RetireKeyDialog({ keyId, selector, domainName }: { keyId: string; selector: string; domainName: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useAction(retireDkimKeyAction);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="ghost" data-testid={`retire-key-${selector}`}>
          Retire
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Retire key ${selector} of ${domainName}?`}
        description="Mail signed with it that is still in transit may fail DKIM once its DNS record is removed. This cannot be undone: a selector is never reused."
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run({ keyId, reason: form.get("reason") }, () => setOpen(false));
          }}
        >
          {error ? <Alert testId="retire-key-error">{error.message}</Alert> : null}
          <Field label="Reason" htmlFor={`retire-reason-${selector}`} error={error?.fieldErrors?.reason}>
            <Textarea id={`retire-reason-${selector}`} name="reason" required />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending} data-testid="retire-key-confirm">
              {pending ? "Retiring…" : "Retire key"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
