"use client";

import { addSuppressionAction } from "@/app/(dashboard)/suppressions/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";

export function AddSuppressionDialog({ senders }: { senders: { id: string; label: string }[] }) {
  return (
    <ActionDialog
      trigger={<Button data-testid="suppression-add-open">Add address</Button>}
      title="Suppress an address"
      description="Relays refuse RCPT to it (550 5.1.1) within seconds, for the chosen sender or for every sender."
      action={addSuppressionAction}
      toInput={(form) => ({
        address: form.get("address"),
        senderId: form.get("senderId"),
        reason: form.get("reason"),
        days: form.get("days"),
      })}
      submitLabel="Suppress"
      pendingLabel="Suppressing…"
      testId="suppression-add"
    >
      {(fieldErrors) => (
        <>
          <Field label="Address" htmlFor="suppression-add-address" error={fieldErrors.address}>
            <Input id="suppression-add-address" name="address" placeholder="name@example.com" required />
          </Field>
          <Field label="Sender" htmlFor="suppression-add-sender" error={fieldErrors.senderId}>
            <Select id="suppression-add-sender" name="senderId" defaultValue="">
              <option value="">Every sender</option>
              {senders.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="Days (empty: the setting suppression.days)"
            htmlFor="suppression-add-days"
            error={fieldErrors.days}
          >
            <Input id="suppression-add-days" name="days" inputMode="numeric" />
          </Field>
          <Field label="Reason (required)" htmlFor="suppression-add-reason" error={fieldErrors.reason}>
            <Textarea
              id="suppression-add-reason"
              name="reason"
              required
              placeholder="e.g. recipient asked us to stop"
            />
          </Field>
        </>
      )}
    </ActionDialog>
  );
}
