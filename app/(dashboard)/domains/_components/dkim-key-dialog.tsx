"use client";

import { KeyRound, RefreshCw } from "lucide-react";
import { useState } from "react";
import { generateDkimKeyAction, rotateDkimKeyAction } from "@/app/(dashboard)/domains/actions";
import { ActionDialog } from "@/components/action-dialog";
import { KeyOptionsFields } from "@/components/domains/key-options-fields";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { DKIM_MAX_OVERLAP_DAYS } from "@/lib/validations/dkim-options";

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
  // A staged key chosen to activate needs no key options; the choice starts empty each time.
  const [keyId, setKeyId] = useState("");
  const copy = COPY[mode];
  const Icon = mode === "rotate" ? RefreshCw : KeyRound;
  return (
    <ActionDialog<unknown>
      trigger={
        <Button size="sm" variant={mode === "rotate" ? "primary" : "secondary"} data-testid={`${mode}-key-open`}>
          <Icon className="size-3.5" aria-hidden /> {copy.button}
        </Button>
      }
      title={`${copy.button} for ${domainName}`}
      description={hasActiveKey ? copy.active : copy.none}
      action={mode === "rotate" ? rotateDkimKeyAction : generateDkimKeyAction}
      toInput={(form) => {
        form.set("domainId", domainId);
        return form;
      }}
      submitLabel={copy.button}
      pendingLabel="Working…"
      testId={`${mode}-key`}
      submitTestId={`${mode}-key-submit`}
      onClose={() => setKeyId("")}
    >
      {(fieldErrors) => (
        <>
          {mode === "rotate" && stagedKeys.length > 0 ? (
            <Field label="New key" htmlFor="rotate-key-id" error={fieldErrors.keyId}>
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
          {keyId ? null : <KeyOptionsFields idPrefix={`${mode}-key`} errors={fieldErrors} />}
          {mode === "rotate" && hasActiveKey ? (
            <Field
              label="Overlap (days)"
              htmlFor="rotate-overlap"
              error={fieldErrors.overlapDays}
              hint={`How long the current key stays published. Empty: ${defaultOverlapDays} days (setting). 0 retires it at once (a compromised key).`}
            >
              <Input
                id="rotate-overlap"
                name="overlapDays"
                type="number"
                min={0}
                max={DKIM_MAX_OVERLAP_DAYS}
                placeholder={String(defaultOverlapDays)}
              />
            </Field>
          ) : null}
        </>
      )}
    </ActionDialog>
  );
}
