"use client";

import { useRouter } from "next/navigation";
import { uploadDmarcReportAction } from "@/app/(dashboard)/posture/actions";
import { ActionError, DialogFooter, SubmitButton, useActionDialog } from "@/components/action-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import type { ActionResult } from "@/lib/auth/guard";
import type { IngestResult } from "@/lib/dmarc/ingest-report";

// Server actions take bodies up to 256 KB (lib/server/http/body-limits.ts); a larger report goes to the
// API endpoint with the same session, which takes up to 10 MB.
const ACTION_UPLOAD_MAX_BYTES = 240 * 1024;

async function postToApi(file: File): Promise<ActionResult<IngestResult>> {
  const response = await fetch("/api/v1/dmarc-reports", {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body: file,
  });
  const json = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: json as IngestResult };
  const message = json?.error?.message ?? `Upload failed (HTTP ${response.status}).`;
  return { ok: false, status: response.status, code: json?.error?.code ?? "internal", message };
}

// One upload, shaped as an action so the dialog keeps the usual state: an empty choice is refused
// here, a small report goes to the server action, a larger one to the API.
async function uploadReport(form: unknown): Promise<ActionResult<IngestResult>> {
  const file = form instanceof FormData ? form.get("file") : null;
  if (!(file instanceof File) || file.size === 0) {
    return {
      ok: false,
      status: 422,
      code: "validation_failed",
      message: "Choose a report file.",
      fieldErrors: { file: ["Choose a report file"] },
    };
  }
  if (file.size > ACTION_UPLOAD_MAX_BYTES) return postToApi(file);
  const body = new FormData();
  body.set("file", file);
  return uploadDmarcReportAction(body);
}

function describe(result: IngestResult): string {
  if (result.duplicate)
    return `This report (${result.orgName}, id ${result.reportId}) was already stored: nothing changed.`;
  const match = result.domainId
    ? ""
    : ` ${result.domain} is not a registered sending domain, so it shows on no sources page.`;
  return `Stored ${result.orgName}'s report for ${result.domain}: ${result.records} records, ${result.messages} messages.${match}`;
}

// Not an <ActionDialog>: the dialog stays open after an upload and says what was stored, so the
// next report can follow.
export function UploadReportDialog() {
  const router = useRouter();
  const dialog = useActionDialog(uploadReport);
  return (
    <DialogRoot open={dialog.open} onOpenChange={dialog.onOpenChange}>
      <DialogTrigger asChild>
        <Button data-testid="posture-upload-open">Upload DMARC report</Button>
      </DialogTrigger>
      <DialogContent
        title="Upload a DMARC aggregate report"
        description="The file a receiver sent (Google, Microsoft, Yahoo…): XML, .xml.gz or .zip, up to 10 MB. The same report twice is stored once."
      >
        <form
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            dialog.reset(); // the last upload's outcome goes as the next one starts
            dialog.run(form, () => router.refresh());
          }}
        >
          <ActionError error={dialog.error} testId="posture-upload-error" />
          {dialog.data ? (
            <Alert tone="success" testId="posture-upload-result">
              {describe(dialog.data)}
            </Alert>
          ) : null}
          <Field label="Report file" htmlFor="posture-upload-file" error={dialog.fieldErrors.file}>
            <Input
              id="posture-upload-file"
              name="file"
              type="file"
              accept=".xml,.gz,.zip,application/xml,text/xml,application/gzip,application/zip"
              data-testid="posture-upload-file"
            />
          </Field>
          <DialogFooter cancelLabel="Close">
            <SubmitButton
              pending={dialog.pending}
              label="Upload"
              pendingLabel="Uploading…"
              testId="posture-upload-submit"
            />
          </DialogFooter>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
