"use client";

import { useState } from "react";
import { decideChangeRequestAction, decideSenderAction } from "@/app/(dashboard)/senders/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { ActionResult } from "@/lib/auth/guard";

// What is decided: a registration (the sender revision reviewed) or a pending change request
// (its revision). Either way the decision fails if what was reviewed changed since.
export type DecisionTarget = { kind: "registration"; senderId: string; revision: number } | { kind: "change"; senderId: string; requestId: string; revision: number };

const COPY = {
  registration: {
    approve: { title: "Approve", description: "Approved senders can then be activated; nothing is relayed before that.", confirm: "Approve sender" },
    reject: { title: "Reject", description: "A rejected request is closed for good; the requester can register again.", confirm: "Reject sender" },
  },
  change: {
    approve: { title: "Approve the change to", description: "The proposed values apply at once and reach the relays with the next policy version.", confirm: "Approve change" },
    reject: { title: "Reject the change to", description: "The sender keeps its current values; the requester can propose again.", confirm: "Reject change" },
  },
} as const;

// Approve or reject with a mandatory comment that goes into the audit log.
export function DecisionDialog({ target, senderName, decision }: { target: DecisionTarget; senderName: string; decision: "approve" | "reject" }) {
  const [open, setOpen] = useState(false);
  const action: (input: unknown) => Promise<ActionResult<unknown>> = target.kind === "registration" ? decideSenderAction : decideChangeRequestAction;
  const { run, pending, error, reset } = useAction(action);
  const approving = decision === "approve";
  const copy = COPY[target.kind][decision];
  const prefix = target.kind === "registration" ? "sender" : "change";
  const { kind: _kind, ...ids } = target;
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant={approving ? "primary" : "secondary"} data-testid={`${prefix}-${decision}-open`}>
          {approving ? "Approve" : "Reject"}
        </Button>
      </DialogTrigger>
      <DialogContent title={`${copy.title} ${senderName}?`} description={copy.description}>
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            run({ ...ids, decision, comment: form.get("comment") }, () => setOpen(false));
          }}
        >
          {error ? <Alert testId={`${prefix}-decision-error`}>{error.message}</Alert> : null}
          <Field label="Comment (required)" htmlFor="decision-comment" error={error?.fieldErrors?.comment}>
            <Textarea id="decision-comment" name="comment" required placeholder={approving ? "What you checked" : "Why this cannot be approved"} />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" variant={approving ? "primary" : "danger"} disabled={pending} data-testid={`${prefix}-decision-confirm`}>
              {pending ? "Saving…" : copy.confirm}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
