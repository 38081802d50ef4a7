"use client";

import { useState } from "react";
import { answerRecertificationAction } from "@/app/recertify/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/input";
import { useAction } from "@/components/use-action";

export function AnswerForm({ token, revision }: { token: string; revision: number }) {
  const [comment, setComment] = useState("");
  const { run, pending, error, data } = useAction(answerRecertificationAction);
  if (data)
    return (
      <Alert tone="success" testId="recertify-done">
        {data.outcome === "confirmed"
          ? `Thank you: the sender is re-certified${data.reviewDateAfter ? ` until ${data.reviewDateAfter}` : ""}.`
          : "Thank you: the security team was told the sender is no longer needed and will retire it."}
      </Alert>
    );
  const answer = (outcome: "confirmed" | "no_longer_needed") => run({ token, revision, outcome, comment });
  return (
    <div className="space-y-4">
      <Field label="Comment (optional)" htmlFor="comment" error={error?.fieldErrors?.comment}>
        <Textarea id="comment" value={comment} maxLength={1000} onChange={(e) => setComment(e.target.value)} />
      </Field>
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => answer("confirmed")} disabled={pending} data-testid="recertify-confirm">
          Still needed, unchanged
        </Button>
        <Button
          variant="secondary"
          onClick={() => answer("no_longer_needed")}
          disabled={pending}
          data-testid="recertify-decline"
        >
          No longer needed
        </Button>
      </div>
      {error ? <Alert>{error.message}</Alert> : null}
    </div>
  );
}
