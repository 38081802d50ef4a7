"use client";

import { useState } from "react";
import { updateContentProfileAction } from "@/app/(dashboard)/content/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { ContentProfile } from "@/db/schema";
import {
  ACCEPT_UNSCANNED_WARNING,
  bytesToMb,
  CONTENT_ACTION_LABELS,
  mbToBytes,
  SPAM_ACTIONS,
} from "@/lib/content/labels";

function Check({
  name,
  label,
  defaultChecked,
  disabled,
  hint,
}: {
  name: string;
  label: string;
  defaultChecked: boolean;
  disabled?: boolean;
  hint?: string;
}) {
  return (
    <label className="flex items-start gap-2 text-sm">
      <input
        type="checkbox"
        name={name}
        defaultChecked={defaultChecked}
        disabled={disabled}
        className="mt-0.5"
        data-testid={`profile-${name}`}
      />
      <span>
        {label}
        {hint ? <span className="block text-xs text-slate-500">{hint}</span> : null}
      </span>
    </label>
  );
}

// The profile's scanning settings and defaults. Read-only for those who may not manage content.
export function ProfileSettingsForm({ profile, readOnly }: { profile: ContentProfile; readOnly: boolean }) {
  const { run, pending, error, data } = useAction(updateContentProfileAction);
  const [failure, setFailure] = useState(profile.onScannerFailure);
  const fields = error?.fieldErrors ?? {};
  const switchingToAccept = failure === "accept" && profile.onScannerFailure !== "accept";
  return (
    <form
      className="space-y-4 px-4 py-4"
      noValidate
      data-testid="profile-settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        const text = (key: string) => String(form.get(key) ?? "");
        run({
          profileId: profile.id,
          name: text("name"),
          description: text("description"),
          virusScan: form.get("virusScan") === "on",
          spamScan: form.get("spamScan") === "on",
          spamScore: text("spamScore"),
          spamAction: text("spamAction"),
          maxScanBytes: mbToBytes(text("maxScanMb")),
          onScannerFailure: failure,
          confirmAcceptUnscanned: form.get("confirmAcceptUnscanned") === "on",
          // A kind's current default cannot be switched off here: another profile takes it over.
          defaultForInternal: profile.defaultForInternal || form.get("defaultForInternal") === "on",
          defaultForSaas: profile.defaultForSaas || form.get("defaultForSaas") === "on",
        });
      }}
    >
      {error ? <Alert testId="profile-settings-error">{error.message}</Alert> : null}
      {data && !error ? (
        <Alert tone="success" testId="profile-settings-saved">
          {data.changed.length ? `Saved (policy version ${data.policyVersion}).` : "Nothing changed."}
        </Alert>
      ) : null}
      <fieldset disabled={readOnly} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" htmlFor="profile-settings-name" error={fields.name}>
            <Input id="profile-settings-name" name="name" defaultValue={profile.name} maxLength={100} />
          </Field>
          <Field label="Description" htmlFor="profile-settings-description" error={fields.description}>
            <Textarea
              id="profile-settings-description"
              name="description"
              defaultValue={profile.description}
              maxLength={500}
            />
          </Field>
        </div>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          <Check name="virusScan" label="Scan for viruses (clamd)" defaultChecked={profile.virusScan} />
          <Check name="spamScan" label="Scan for spam (rspamd)" defaultChecked={profile.spamScan} />
        </div>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            label="Spam score"
            htmlFor="profile-spam-score"
            error={fields.spamScore}
            hint="rspamd score, at or above."
          >
            <Input
              id="profile-spam-score"
              name="spamScore"
              type="number"
              step="0.1"
              min={0}
              defaultValue={profile.spamScore}
            />
          </Field>
          <Field label="Spam action" htmlFor="profile-spam-action" error={fields.spamAction}>
            <Select id="profile-spam-action" name="spamAction" defaultValue={profile.spamAction}>
              {SPAM_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {CONTENT_ACTION_LABELS[a]}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="Largest message scanned (MB)"
            htmlFor="profile-max-scan"
            error={fields.maxScanBytes}
            hint="Larger messages are handled as a scanner failure."
          >
            <Input
              id="profile-max-scan"
              name="maxScanMb"
              type="number"
              step="0.5"
              min={0}
              defaultValue={bytesToMb(profile.maxScanBytes)}
            />
          </Field>
          <Field
            label="When a scanner cannot answer"
            htmlFor="profile-on-failure"
            error={fields.onScannerFailure ?? fields.confirmAcceptUnscanned}
            hint={failure === "defer" ? "The sender retries later; nothing leaves unscanned." : undefined}
          >
            <Select
              id="profile-on-failure"
              value={failure}
              onChange={(e) => setFailure(e.target.value as typeof failure)}
              data-testid="profile-on-failure"
            >
              <option value="defer">Defer (451)</option>
              <option value="accept">Accept unscanned</option>
            </Select>
          </Field>
        </div>
        {failure === "accept" ? (
          <Alert tone="error" testId="profile-accept-warning">
            {ACCEPT_UNSCANNED_WARNING}
            {switchingToAccept ? (
              <label className="mt-2 flex items-center gap-2 font-medium">
                <input type="checkbox" name="confirmAcceptUnscanned" data-testid="profile-confirm-accept" /> I
                understand: while a scanner is down, mail of this profile leaves unscanned.
              </label>
            ) : null}
          </Alert>
        ) : null}
        <div className="grid gap-2 sm:grid-cols-2">
          <Check
            name="defaultForInternal"
            label="Default for internal senders"
            defaultChecked={profile.defaultForInternal}
            disabled={profile.defaultForInternal}
            hint={profile.defaultForInternal ? "To change it, make another profile the default." : undefined}
          />
          <Check
            name="defaultForSaas"
            label="Default for SaaS senders"
            defaultChecked={profile.defaultForSaas}
            disabled={profile.defaultForSaas}
            hint={profile.defaultForSaas ? "To change it, make another profile the default." : undefined}
          />
        </div>
        {readOnly ? null : (
          <div className="flex justify-end">
            <Button type="submit" disabled={pending} data-testid="profile-settings-submit">
              {pending ? "Saving…" : "Save settings"}
            </Button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
