"use client";

import { updateContentProfileAction } from "@/app/(dashboard)/content/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { AttachmentRules } from "@/db/schema";
import {
  ATTACHMENT_ACTIONS,
  bytesToMb,
  CONTENT_ACTION_LABELS,
  FILE_TYPE_LABELS,
  FILE_TYPE_NAMES,
  mbToBytes,
} from "@/lib/content/labels";

// What attachments a profile refuses: by extension, by real type (magic bytes, also inside zip
// archives when asked) and by size.
export function AttachmentRulesForm({
  profileId,
  rules,
  readOnly,
}: {
  profileId: string;
  rules: AttachmentRules;
  readOnly: boolean;
}) {
  const { run, pending, error, data } = useAction(updateContentProfileAction);
  return (
    <form
      className="space-y-4 px-4 py-4"
      noValidate
      data-testid="attachment-rules-form"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        run({
          profileId,
          attachmentRules: {
            blockedExtensions: String(form.get("blockedExtensions") ?? ""),
            blockedTypes: form.getAll("blockedTypes").map(String),
            maxAttachmentBytes: mbToBytes(String(form.get("maxAttachmentMb") ?? "")),
            scanArchives: form.get("scanArchives") === "on",
            action: String(form.get("action") ?? ""),
          },
        });
      }}
    >
      {error ? <Alert testId="attachment-rules-error">{error.message}</Alert> : null}
      {data && !error ? (
        <Alert tone="success" testId="attachment-rules-saved">
          {data.changed.length ? `Saved (policy version ${data.policyVersion}).` : "Nothing changed."}
        </Alert>
      ) : null}
      <fieldset disabled={readOnly} className="space-y-4">
        <Field
          label="Blocked extensions"
          htmlFor="attachment-extensions"
          hint="Without the dot, separated by spaces or commas (exe js vbs). invoice.pdf.exe counts as exe."
        >
          <Textarea
            id="attachment-extensions"
            name="blockedExtensions"
            defaultValue={rules.blockedExtensions.join(" ")}
            className="min-h-16 font-mono text-xs"
          />
        </Field>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700 dark:text-slate-300">
            Blocked real types (by content, whatever the name says)
          </legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-3">
            {FILE_TYPE_NAMES.map((type) => (
              <label key={type} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="blockedTypes"
                  value={type}
                  defaultChecked={rules.blockedTypes.includes(type)}
                />
                {FILE_TYPE_LABELS[type]}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Largest attachment (MB)" htmlFor="attachment-max" hint="Empty: no limit of its own.">
            <Input
              id="attachment-max"
              name="maxAttachmentMb"
              type="number"
              step="0.5"
              min={0}
              defaultValue={bytesToMb(rules.maxAttachmentBytes)}
            />
          </Field>
          <Field label="Action" htmlFor="attachment-action">
            <Select id="attachment-action" name="action" defaultValue={rules.action}>
              {ATTACHMENT_ACTIONS.map((a) => (
                <option key={a} value={a}>
                  {CONTENT_ACTION_LABELS[a]}
                </option>
              ))}
            </Select>
          </Field>
          <label className="flex items-center gap-2 self-end pb-2 text-sm">
            <input type="checkbox" name="scanArchives" defaultChecked={rules.scanArchives} /> Look inside zip archives
          </label>
        </div>
        {readOnly ? null : (
          <div className="flex justify-end">
            <Button type="submit" disabled={pending} data-testid="attachment-rules-submit">
              {pending ? "Saving…" : "Save attachment rules"}
            </Button>
          </div>
        )}
      </fieldset>
    </form>
  );
}
