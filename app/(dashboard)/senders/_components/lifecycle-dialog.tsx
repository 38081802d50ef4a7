"use client";

import { changeSenderStatusAction } from "@/app/(dashboard)/senders/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import type { LifecycleAction } from "@/lib/senders/lifecycle";

const COPY: Record<
  LifecycleAction,
  { title: string; description: string; confirm: string; destructive: boolean; reasonRequired: boolean }
> = {
  activate: {
    title: "Activate",
    description:
      "Relays start accepting mail from this sender (with a valid credential) as soon as they pick up the new policy.",
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
export function LifecycleDialog({
  senderId,
  senderName,
  action,
}: {
  senderId: string;
  senderName: string;
  action: LifecycleAction;
}) {
  const copy = COPY[action];
  return (
    <ActionDialog
      trigger={
        <Button variant={copy.destructive ? "secondary" : "primary"} data-testid={`sender-${action}-open`}>
          {copy.title}
        </Button>
      }
      title={`${copy.title} ${senderName}?`}
      description={copy.description}
      action={changeSenderStatusAction}
      toInput={(form) => ({ senderId, action, reason: form.get("reason") })}
      submitLabel={copy.confirm}
      pendingLabel="Saving…"
      submitVariant={copy.destructive ? "danger" : "primary"}
      testId="sender-lifecycle"
    >
      {(fieldErrors) => (
        <Field
          label={copy.reasonRequired ? "Reason (required)" : "Reason (optional)"}
          htmlFor={`reason-${action}`}
          error={fieldErrors.reason}
        >
          <Textarea id={`reason-${action}`} name="reason" required={copy.reasonRequired} />
        </Field>
      )}
    </ActionDialog>
  );
}
