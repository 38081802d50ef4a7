"use client";

import { useState } from "react";
import { startCampaignAction } from "@/app/(dashboard)/recertification/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

export function StartCampaignForm() {
  const [days, setDays] = useState("30");
  const { run, pending, error, data } = useAction(startCampaignAction);
  return (
    <form
      className="flex flex-wrap items-end gap-3 p-4"
      onSubmit={(event) => {
        event.preventDefault();
        run({ dueWithinDays: days });
      }}
      data-testid="start-campaign"
    >
      <Field
        label="Review date due within (days)"
        htmlFor="dueWithinDays"
        hint="Overdue senders are included; leave empty for every sender."
        error={error?.fieldErrors?.dueWithinDays}
      >
        <Input id="dueWithinDays" value={days} inputMode="numeric" onChange={(e) => setDays(e.target.value)} />
      </Field>
      <Button type="submit" disabled={pending}>
        {pending ? "Sending…" : "Start campaign"}
      </Button>
      {error && !error.fieldErrors?.dueWithinDays ? <Alert>{error.message}</Alert> : null}
      {data && !pending ? (
        <p className="w-full text-sm text-emerald-700" data-testid="campaign-result">
          Campaign started: {data.mailed} of {data.senderCount} owners mailed
          {data.failed.length ? ` — not mailed: ${data.failed.map((f) => `${f.sender} (${f.error})`).join("; ")}` : ""}.
        </p>
      ) : null}
    </form>
  );
}
