"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { uploadDmarcReportAction } from "@/app/(dashboard)/posture/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { IngestResult } from "@/lib/dmarc/ingest-report";

// Server actions take bodies up to 256 KB (lib/http/body-limits.ts); a larger report goes to the
// API endpoint with the same session, which takes up to 10 MB.
const ACTION_UPLOAD_MAX_BYTES = 240 * 1024;

type Outcome = { ok: true; data: IngestResult } | { ok: false; message: string; field?: string[] };

async function postToApi(file: File): Promise<Outcome> {
  const response = await fetch("/api/v1/dmarc-reports", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: file });
  const json = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: json as IngestResult };
  return { ok: false, message: json?.error?.message ?? `Upload failed (HTTP ${response.status}).` };
}

async function upload(file: File): Promise<Outcome> {
  if (file.size > ACTION_UPLOAD_MAX_BYTES) return postToApi(file);
  const form = new FormData();
  form.set("file", file);
  const result = await uploadDmarcReportAction(form);
  return result.ok ? result : { ok: false, message: result.message, field: result.fieldErrors?.file };
}

function describe(result: IngestResult): string {
  if (result.duplicate) return `This report (${result.orgName}, id ${result.reportId}) was already stored: nothing changed.`;
  const match = result.domainId ? "" : ` ${result.domain} is not a registered sending domain, so it shows on no sources page.`;
  return `Stored ${result.orgName}'s report for ${result.domain}: ${result.records} records, ${result.messages} messages.${match}`;
}

export function UploadReportDialog() {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setOutcome(null);
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid="posture-upload-open">Upload DMARC report</Button>
      </DialogTrigger>
      <DialogContent title="Upload a DMARC aggregate report" description="The file a receiver sent (Google, Microsoft, Yahoo…): XML, .xml.gz or .zip, up to 10 MB. The same report twice is stored once.">
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const file = new FormData(event.currentTarget).get("file");
            if (!(file instanceof File) || file.size === 0) {
              setOutcome({ ok: false, message: "Choose a report file.", field: ["Choose a report file"] });
              return;
            }
            setOutcome(null);
            startTransition(async () => {
              try {
                const result = await upload(file);
                setOutcome(result);
                if (result.ok) router.refresh();
              } catch {
                setOutcome({ ok: false, message: "The server could not be reached. Try again." });
              }
            });
          }}
        >
          {outcome && !outcome.ok ? <Alert testId="posture-upload-error">{outcome.message}</Alert> : null}
          {outcome?.ok ? (
            <Alert tone="success" testId="posture-upload-result">
              {describe(outcome.data)}
            </Alert>
          ) : null}
          <Field label="Report file" htmlFor="posture-upload-file" error={outcome && !outcome.ok ? outcome.field : undefined}>
            <Input id="posture-upload-file" name="file" type="file" accept=".xml,.gz,.zip,application/xml,text/xml,application/gzip,application/zip" data-testid="posture-upload-file" />
          </Field>
          <div className="flex justify-end gap-2">
            <DialogClose asChild>
              <Button variant="secondary">Close</Button>
            </DialogClose>
            <Button type="submit" disabled={pending} data-testid="posture-upload-submit">
              {pending ? "Uploading…" : "Upload"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
