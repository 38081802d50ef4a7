"use client";

import { KeyRound, RefreshCw } from "lucide-react";
import { useState } from "react";
import { generateDkimKeyAction, rotateDkimKeyAction } from "@/app/(dashboard)/domains/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { DKIM_MAX_OVERLAP_DAYS } from "@/lib/validations/dkim-options";
import { KeyOptionsFields } from "./key-options-fields";

export interface StagedKeyOption {
  id: string;
  selector: string;
}

interface Props {
  mode: "generate" | "rotate";
  domainId: string;
  domainName: string;
  hasActiveKey: boolean;
  stagedKeys: StagedKeyOption[];
  defaultOverlapDays: number;
}

const COPY = {
  generate: {
    button: "Generate key",
    active: "Another key is active, so this one is staged: publish its DNS record first, then rotate to it.",
    none: "This domain has no active key: the new key signs at once. Publish its DNS record right away.",
  },
  rotate: {
    button: "Rotate key",
    active: "The new key signs from now on; the current key stays published for the overlap, then is retired.",
    none: "This domain has no active key: the new key signs at once.",
  },
} as const;

// Generate a key, or rotate to a new (or staged) one with an overlap for the previous key.
export function DkimKeyDialog({ mode, domainId, domainName, hasActiveKey, stagedKeys, defaultOverlapDays }: Props) {
  const [open, setOpen] = useState(false);
  const [keyId, setKeyId] = useState("");
  const { run, pending, error, reset } = useAction<unknown>(mode === "rotate" ? rotateDkimKeyAction : generateDkimKeyAction);
  const fields = error?.fieldErrors ?? {};
  const copy = COPY[mode];
  const Icon = mode === "rotate" ? RefreshCw : KeyRound;
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setKeyId("");
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant={mode === "rotate" ? "primary" : "secondary"} data-testid={`${mode}-key-open`}>
          <Icon className="size-3.5" aria-hidden /> {copy.button}
        </Button>
      </DialogTrigger>
      <DialogContent title={`${copy.button} for ${domainName}`} description={hasActiveKey ? copy.active : copy.none}>
        <form
          className="space-y-3"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const form = new FormData(event.currentTarget);
            form.set("domainId", domainId);
            run(form, () => setOpen(false));
          }}
        >
          {error ? <Alert testId={`${mode}-key-error`}>{error.message}</Alert> : null}
          {mode === "rotate" && stagedKeys.length > 0 ? (
            <Field label="New key" htmlFor="rotate-key-id" error={fields.keyId}>
              <Select id="rotate-key-id" name="keyId" value={keyId} onChange={(event) => setKeyId(event.target.value)}>
                <option value="">Generate a new key now</option>
                {stagedKeys.map((key) => (
                  <option key={key.id} value={key.id}>
                    Activate staged key {key.selector}
                  </option>
                ))}
              </Select>
            </Field>
          ) : null}
          {keyId ? null : <KeyOptionsFields idPrefix={`${mode}-key`} errors={fields} />}
          {mode === "rotate" && hasActiveKey ? (
            <Field
              label="Overlap (days)"
              htmlFor="rotate-overlap"
              error={fields.overlapDays}
              hint={`How long the current key stays published. Empty: ${defaultOverlapDays} days (setting). 0 retires it at once (a compromised key).`}
            >
              <Input id="rotate-overlap" name="overlapDays" type="number" min={0} max={DKIM_MAX_OVERLAP_DAYS} placeholder={String(defaultOverlapDays)} />
            </Field>
          ) : null}
          <div className="flex justify-end gap-2 pt-2">
            <DialogClose asChild>
              <Button variant="secondary">Cancel</Button>
            </DialogClose>
            <Button type="submit" disabled={pending} data-testid={`${mode}-key-submit`}>
              {pending ? "Working…" : copy.button}
            </Button>
          </div>
        </form>
      </DialogContent>
    </DialogRoot>
  );
}
