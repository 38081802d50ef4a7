"use client";

import { UserPlus } from "lucide-react";
import { createUserAction } from "@/app/(dashboard)/users/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SecretOnce } from "@/components/ui/secret-once";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { ROLES } from "@/lib/auth/roles";

// A generated initial password is shown once, then the dialog closes only by Done.
export function CreateUserDialog() {
  return (
    <ActionDialog
      trigger={
        <Button data-testid="create-user-open">
          <UserPlus className="size-4" aria-hidden /> Create user
        </Button>
      }
      title="Create a user"
      description="Leave the password empty to generate one; it is shown once."
      action={createUserAction}
      submitLabel="Create user"
      pendingLabel="Creating…"
      testId="create-user"
      submitTestId="create-user-submit"
      result={(data) => (
        <>
          <Alert tone="success">
            Created {data.user.email} ({data.user.role}).
          </Alert>
          {data.generatedPassword ? <SecretOnce label="Initial password" value={data.generatedPassword} /> : null}
        </>
      )}
    >
      {(fieldErrors) => (
        <>
          <Field label="Email" htmlFor="new-email" error={fieldErrors.email}>
            <Input id="new-email" name="email" type="email" required />
          </Field>
          <Field label="Name" htmlFor="new-name" error={fieldErrors.name}>
            <Input id="new-name" name="name" required />
          </Field>
          <Field label="Role" htmlFor="new-role" error={fieldErrors.role}>
            <Select id="new-role" name="role" defaultValue="comms">
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {ROLE_LABELS[role]}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label="Password (optional)"
            htmlFor="new-password"
            error={fieldErrors.password}
            hint="At least 12 characters, or empty to generate one."
          >
            <Input id="new-password" name="password" type="password" autoComplete="new-password" />
          </Field>
        </>
      )}
    </ActionDialog>
  );
}
