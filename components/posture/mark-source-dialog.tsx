"use client";

import { useState } from "react";
import { markSourceAction } from "@/app/(dashboard)/posture/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

// Records that a source sending as the domain is not legitimate; kept as a finding, audited.
export function MarkSourceDialog({ domainId, domain, sourceIp }: { domainId: string; domain: string; sourceIp: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useAction(markSourceAction);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant="ghost" data-testid={`mark-source-${sourceIp}`}>
          Mark as spoofing
        </Button>
      </DialogTrigger>
      <DialogContent
        title={`Mark ${sourceIp} as spoofing?`}
        description={`Mail from ${sourceIp} claiming to be ${domain} is then treated as forged: it stops being highlighted and counts as reviewed on the path to p=reject. You can take this back.`}
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run({ domainId, sourceIp, verdict: "spoofing", note: form.get("note") }, () => setOpen(false));
          }}
        >
          {error ? <Alert testId="mark-source-error">{error.message}</Alert> : null}
          <Field label="Why is this spoofing?" htmlFor="mark-source-note" error={error?.fieldErrors?.note}>
            <Textarea id="mark-source-note" name="note" required data-testid="mark-source-note" placeholder="e.g. not one of our providers; fails SPF and DKIM" />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant="danger" disabled={pending} data-testid="mark-source-confirm">
              {pending ? "Saving…" : "Mark as spoofing"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
