"use client";

import { decideChangeRequestAction, decideSenderAction } from "@/app/(dashboard)/senders/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import type { ActionResult } from "@/lib/auth/guard";

// What is decided: a registration (the sender revision reviewed) or a pending change request
// (its revision). Either way the decision fails if what was reviewed changed since.
export type DecisionTarget =
  | { kind: "registration"; senderId: string; revision: number }
  | { kind: "change"; senderId: string; requestId: string; revision: number };

const COPY = {
  registration: {
    approve: {
      title: "Approve",
      description: "Approved senders can then be activated; nothing is relayed before that.",
      confirm: "Approve sender",
    },
    reject: {
      title: "Reject",
      description: "A rejected request is closed for good; the requester can register again.",
      confirm: "Reject sender",
    },
  },
  change: {
    approve: {
      title: "Approve the change to",
      description: "The proposed values apply at once and reach the relays with the next policy version.",
      confirm: "Approve change",
    },
    reject: {
      title: "Reject the change to",
      description: "The sender keeps its current values; the requester can propose again.",
      confirm: "Reject change",
    },
  },
} as const;

// Approve or reject with a mandatory comment that goes into the audit log.
export function DecisionDialog({
  target,
  senderName,
  decision,
}: {
  target: DecisionTarget;
  senderName: string;
  decision: "approve" | "reject";
}) {
  const action: (input: unknown) => Promise<ActionResult<unknown>> =
    target.kind === "registration" ? decideSenderAction : decideChangeRequestAction;
  const approving = decision === "approve";
  const copy = COPY[target.kind][decision];
  const prefix = target.kind === "registration" ? "sender" : "change";
  const { kind: _kind, ...ids } = target;
  return (
    <ActionDialog
      trigger={
        <Button variant={approving ? "primary" : "secondary"} data-testid={`${prefix}-${decision}-open`}>
          {approving ? "Approve" : "Reject"}
        </Button>
      }
      title={`${copy.title} ${senderName}?`}
      description={copy.description}
      action={action}
      toInput={(form) => ({ ...ids, decision, comment: form.get("comment") })}
      submitLabel={copy.confirm}
      pendingLabel="Saving…"
      submitVariant={approving ? "primary" : "danger"}
      testId={`${prefix}-decision`}
    >
      {(fieldErrors) => (
        <Field label="Comment (required)" htmlFor="decision-comment" error={fieldErrors.comment}>
          <Textarea
            id="decision-comment"
            name="comment"
            required
            placeholder={approving ? "What you checked" : "Why this cannot be approved"}
          />
        </Field>
      )}
    </ActionDialog>
  );
}
