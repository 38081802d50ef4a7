"use client";

import { useState } from "react";
import { changeSenderStatusAction } from "@/app/(dashboard)/senders/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { LifecycleAction } from "@/lib/senders/lifecycle";

const COPY: Record<LifecycleAction, { title: string; description: string; confirm: string; destructive: boolean; reasonRequired: boolean }> = {
  activate: {
    title: "Activate",
    description: "Relays start accepting mail from this sender (with a valid credential) as soon as they pick up the new policy.",
    confirm: "Activate sender",
    destructive: false,
    reasonRequired: false,
  },
  suspend: {
    title: "Suspend",
    description: "Relays refuse this sender's mail from the next policy version on. It can be resumed later.",
    confirm: "Suspend sender",
    destructive: true,
    reasonRequired: true,
  },
  resume: {
    title: "Resume",
    description: "Relays accept this sender's mail again from the next policy version on.",
    confirm: "Resume sender",
    destructive: false,
    reasonRequired: false,
  },
  retire: {
    title: "Retire",
    description: "Retiring is final: the sender can never send again and its details are kept only as history.",
    confirm: "Retire sender",
    destructive: true,
    reasonRequired: true,
  },
};

// One lifecycle step with a confirm step; suspend and retire require a reason (audited).
export function LifecycleDialog({ senderId, senderName, action }: { senderId: string; senderName: string; action: LifecycleAction }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useAction(changeSenderStatusAction);
  const copy = COPY[action];
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant={copy.destructive ? "secondary" : "primary"} data-testid={`sender-${action}-open`}>
          {copy.title}
        </Button>
      </DialogTrigger>
      <DialogContent title={`${copy.title} ${senderName}?`} description={copy.description}>
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run({ senderId, action, reason: form.get("reason") }, () => setOpen(false));
          }}
        >
          {error ? <Alert testId="sender-lifecycle-error">{error.message}</Alert> : null}
          <Field label={copy.reasonRequired ? "Reason (required)" : "Reason (optional)"} htmlFor={`reason-${action}`} error={error?.fieldErrors?.reason}>
            <Textarea id={`reason-${action}`} name="reason" required={copy.reasonRequired} />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant={copy.destructive ? "danger" : "primary"} disabled={pending} data-testid="sender-lifecycle-confirm">
              {pending ? "Saving…" : copy.confirm}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
