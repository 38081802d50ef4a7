"use client";

import { Plus } from "lucide-react";
import { useRouter } from "next/navigation";
import { createContentProfileAction } from "@/app/(dashboard)/content/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Textarea } from "@/components/ui/input";

// A new profile starts with safe settings (both scanners on, 451 when a scanner fails, no DLP
// rules); its page opens to add rules and adjust the rest.
export function NewProfileDialog() {
  const router = useRouter();
  return (
    <ActionDialog
      trigger={
        <Button data-testid="new-profile-open">
          <Plus className="size-4" aria-hidden /> New profile
        </Button>
      }
      title="New content profile"
      description="Virus and spam scanning on, mail deferred (451) when a scanner cannot answer, no DLP rules yet."
      action={createContentProfileAction}
      toInput={(form) => ({ name: form.get("name"), description: form.get("description") })}
      submitLabel="Create profile"
      pendingLabel="Creating…"
      testId="new-profile"
      onDone={(created) => router.push(`/content/${created.profile.id}`)}
    >
      {(fieldErrors) => (
        <>
          <Field label="Name" htmlFor="profile-name" error={fieldErrors.name} hint="2–100 characters, unique.">
            <Input id="profile-name" name="name" required maxLength={100} aria-invalid={!!fieldErrors.name} />
          </Field>
          <Field label="Description (optional)" htmlFor="profile-description" error={fieldErrors.description}>
            <Textarea id="profile-description" name="description" maxLength={500} />
          </Field>
        </>
      )}
    </ActionDialog>
  );
}
