"use client";

import { markSourceAction } from "@/app/(dashboard)/posture/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";

// Records that a source sending as the domain is not legitimate; kept as a finding, audited.
export function MarkSourceDialog({
  domainId,
  domain,
  sourceIp,
}: {
  domainId: string;
  domain: string;
  sourceIp: string;
}) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="ghost" data-testid={`mark-source-${sourceIp}`}>
          Mark as spoofing
        </Button>
      }
      title={`Mark ${sourceIp} as spoofing?`}
      description={`Mail from ${sourceIp} claiming to be ${domain} is then treated as forged: it stops being highlighted and counts as reviewed on the path to p=reject. You can take this back.`}
      action={markSourceAction}
      toInput={(form) => ({ domainId, sourceIp, verdict: "spoofing", note: form.get("note") })}
      submitLabel="Mark as spoofing"
      pendingLabel="Saving…"
      submitVariant="danger"
      testId="mark-source"
    >
      {(fieldErrors) => (
        <Field label="Why is this spoofing?" htmlFor="mark-source-note" error={fieldErrors.note}>
          <Textarea
            id="mark-source-note"
            name="note"
            required
            data-testid="mark-source-note"
            placeholder="e.g. not one of our providers; fails SPF and DKIM"
          />
        </Field>
      )}
    </ActionDialog>
  );
}
