"use client";

import { Upload } from "lucide-react";
import { useRef, useState } from "react";
import { uploadComplaintAction } from "@/app/(dashboard)/complaints/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { MAX_COMPLAINT_FILES, UPLOAD_MAX_TOTAL_BYTES } from "@/lib/complaints/limits";

const KB = 1024;

export function UploadComplaintsCard() {
  const form = useRef<HTMLFormElement>(null);
  const [tooBig, setTooBig] = useState<string | null>(null);
  const { run, pending, error, data } = useAction(uploadComplaintAction);
  return (
    <Card>
      <CardHeader
        title="Upload feedback-loop reports"
        description={`ARF reports (RFC 5965) saved as .eml, up to ${MAX_COMPLAINT_FILES} files and ${Math.floor(UPLOAD_MAX_TOTAL_BYTES / KB)} KB at a time; larger batches go to POST /api/v1/complaints.`}
      />
      <form
        ref={form}
        className="space-y-3 p-4"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          const formData = new FormData(event.currentTarget);
          const total = formData.getAll("files").reduce((sum, f) => sum + (f instanceof File ? f.size : 0), 0);
          if (total > UPLOAD_MAX_TOTAL_BYTES) {
            setTooBig(
              `These files total ${Math.ceil(total / KB)} KB; upload at most ${Math.floor(UPLOAD_MAX_TOTAL_BYTES / KB)} KB at a time, or post them to the API.`,
            );
            return;
          }
          setTooBig(null);
          run(formData, () => form.current?.reset());
        }}
      >
        {tooBig ? <Alert testId="complaint-upload-error">{tooBig}</Alert> : null}
        {error ? <Alert testId="complaint-upload-error">{error.message}</Alert> : null}
        <Field label="Report files" htmlFor="complaint-files" error={error?.fieldErrors?.files}>
          <Input
            id="complaint-files"
            name="files"
            type="file"
            multiple
            accept=".eml,.txt,message/rfc822,text/plain"
            className="h-auto py-1.5"
            data-testid="complaint-files"
          />
        </Field>
        <div className="flex justify-end">
          <Button type="submit" disabled={pending} data-testid="complaint-upload-submit">
            <Upload className="size-4" aria-hidden /> {pending ? "Recording…" : "Record complaints"}
          </Button>
        </div>
        {data ? (
          <ul className="space-y-2" data-testid="complaint-upload-results">
            {data.files.map((file) => (
              <li key={file.index} data-testid="complaint-upload-result">
                {file.ok ? (
                  <Alert tone={file.result.duplicate ? "info" : "success"}>
                    <span className="font-medium">{file.name}</span>:{" "}
                    {file.result.duplicate
                      ? "already recorded, not counted again"
                      : `recorded (${file.result.feedbackType})`}
                    {file.result.matched
                      ? `, matched to ${file.result.matched.senderName ?? "an unknown sender"} by ${file.result.matched.by === "message-id" ? "Message-ID" : "the relay's signed X-Switchyard-Tag"}.`
                      : ", not matched to a sender."}
                  </Alert>
                ) : (
                  <Alert>
                    <span className="font-medium">{file.name}</span>: {file.message}
                  </Alert>
                )}
              </li>
            ))}
          </ul>
        ) : null}
      </form>
    </Card>
  );
}
