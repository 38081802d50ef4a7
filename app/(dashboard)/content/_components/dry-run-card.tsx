"use client";

import { dryRunDlpAction } from "@/app/(dashboard)/content/actions";
import { DryRunResults } from "@/components/content/dry-run-results";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { MAX_SAMPLE_CHARS } from "@/lib/validations/content";

// Paste a sample, see which rules match and where. The sample goes to the server once, is run
// through the relay's own engine and is neither stored nor logged; matches come back redacted.
export function DryRunCard({ profileId }: { profileId: string }) {
  const { run, pending, error, data } = useAction(dryRunDlpAction);
  return (
    <Card>
      <CardHeader
        title="Dry run"
        description="Try this profile's rules on a sample. Nothing is stored or logged; matches are shown redacted."
      />
      <form
        className="space-y-3 px-4 py-4"
        noValidate
        data-testid="dry-run-form"
        onSubmit={(event) => {
          event.preventDefault();
          const form = new FormData(event.currentTarget);
          run({
            profileId,
            includeDisabled: form.get("includeDisabled") === "on",
            sample: {
              subject: String(form.get("subject") ?? ""),
              text: String(form.get("text") ?? ""),
              html: String(form.get("html") ?? ""),
            },
          });
        }}
      >
        {error ? <Alert testId="dry-run-error">{error.message}</Alert> : null}
        <Field label="Subject" htmlFor="dry-run-subject">
          <Input id="dry-run-subject" name="subject" autoComplete="off" />
        </Field>
        <Field
          label="Text body"
          htmlFor="dry-run-text"
          hint={`Up to ${MAX_SAMPLE_CHARS.toLocaleString("en-US")} characters per part.`}
        >
          <Textarea id="dry-run-text" name="text" className="min-h-28 font-mono text-xs" autoComplete="off" />
        </Field>
        <Field label="HTML body (optional)" htmlFor="dry-run-html" hint="Scanned as text, as the relay does.">
          <Textarea id="dry-run-html" name="html" className="min-h-16 font-mono text-xs" autoComplete="off" />
        </Field>
        <div className="flex items-center justify-between gap-2">
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" name="includeDisabled" /> Include disabled rules
          </label>
          <Button type="submit" disabled={pending} data-testid="dry-run-submit">
            {pending ? "Running…" : "Run dry run"}
          </Button>
        </div>
      </form>
      {data && !error ? (
        <div className="border-t border-slate-200 dark:border-slate-800" data-testid="dry-run-output">
          <DryRunResults result={data} />
        </div>
      ) : null}
    </Card>
  );
}
