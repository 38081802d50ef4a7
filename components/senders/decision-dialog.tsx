"use client";

import { useState } from "react";
import { decideSenderAction } from "@/app/(dashboard)/senders/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

// Approve or reject a registration request; the comment is mandatory and goes into the audit log.
export function DecisionDialog({ senderId, senderName, decision }: { senderId: string; senderName: string; decision: "approve" | "reject" }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, reset } = useAction(decideSenderAction);
  const approving = decision === "approve";
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant={approving ? "primary" : "secondary"} data-testid={`sender-${decision}-open`}>
          {approving ? "Approve" : "Reject"}
        </Button>
      </DialogTrigger>
      <DialogContent
        title={approving ? `Approve ${senderName}?` : `Reject ${senderName}?`}
        description={approving ? "Approved senders can then be activated; nothing is relayed before that." : "A rejected request is closed for good; the requester can register again."}
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run({ senderId, decision, comment: form.get("comment") }, () => setOpen(false));
          }}
        >
          {error ? <Alert testId="sender-decision-error">{error.message}</Alert> : null}
          <Field label="Comment (required)" htmlFor="decision-comment" error={error?.fieldErrors?.comment}>
            <Textarea id="decision-comment" name="comment" required placeholder={approving ? "What you checked" : "Why this cannot be approved"} />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant={approving ? "primary" : "danger"} disabled={pending} data-testid="sender-decision-confirm">
              {pending ? "Saving…" : approving ? "Approve sender" : "Reject sender"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
