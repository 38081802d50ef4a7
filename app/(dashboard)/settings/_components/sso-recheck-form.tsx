"use client";

import { useState } from "react";
import { saveSsoRecheckAction } from "@/app/(dashboard)/settings/sso-actions";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

export function SsoRecheckForm({ minutes, editable }: { minutes: number; editable: boolean }) {
  const [value, setValue] = useState(String(minutes));
  const { run, pending, error, data } = useAction(saveSsoRecheckAction);
  return (
    <form
      data-testid="sso-recheck-form"
      className="space-y-2"
      onSubmit={(event) => {
        event.preventDefault();
        run({ minutes: value });
      }}
    >
      <h3 className="font-medium">When a group changes at the provider</h3>
      <p className="text-xs text-slate-500">
        A signed-in user&apos;s groups are re-read with the session&apos;s refresh token at their first request after
        this many minutes: a new role applies then; no mapped group, or a refresh the provider refuses, ends the
        session. If the provider cannot be reached the session keeps its role and the next request 30 s later tries
        again. A provider that issues no refresh token: the role follows at the next sign-in.
      </p>
      <div className="flex items-end gap-3">
        <Field label="Re-read groups after (minutes)" htmlFor="sso-recheck" error={error?.fieldErrors?.minutes}>
          <Input
            id="sso-recheck"
            className="w-32"
            value={value}
            disabled={!editable}
            onChange={(e) => setValue(e.target.value)}
          />
        </Field>
        {editable ? (
          <Button type="submit" size="sm" variant="secondary" disabled={pending}>
            {pending ? "Saving…" : "Save"}
          </Button>
        ) : null}
        {data && !pending ? <span className="text-xs text-emerald-700">Saved.</span> : null}
      </div>
    </form>
  );
}
