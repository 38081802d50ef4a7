"use client";

import { KeyRound } from "lucide-react";
import { createApiTokenAction } from "@/app/(dashboard)/tokens/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { SecretOnce } from "@/components/ui/secret-once";
import { roleWithin } from "@/lib/auth/permissions";
import { ROLES, type Role } from "@/lib/auth/roles";

// A token for the signed-in user only: it acts as them, so nobody mints one for someone else.
// It is shown once, then the dialog closes only by Done.
export function CreateTokenDialog({ owner }: { owner: { email: string; role: Role } }) {
  return (
    <ActionDialog
      trigger={
        <Button data-testid="create-token-open">
          <KeyRound className="size-4" aria-hidden /> Create token
        </Button>
      }
      title="Create an API token"
      description={`The token acts as you (${owner.email}) with the chosen role, never beyond your own. It is shown once.`}
      action={createApiTokenAction}
      submitLabel="Create token"
      pendingLabel="Creating…"
      testId="create-token"
      submitTestId="create-token-submit"
      result={(data) => (
        <>
          <SecretOnce label={`Token "${data.view.name}" (${data.view.role})`} value={data.token} />
          <p className="text-xs text-slate-500">
            Use it as <code>Authorization: Bearer …</code> against <code>/api/v1</code>.
          </p>
        </>
      )}
    >
      {(fieldErrors) => (
        <>
          <Field label="Name" htmlFor="token-name" error={fieldErrors.name} hint="What uses it, e.g. terraform-ci">
            <Input id="token-name" name="name" required />
          </Field>
          <Field label="Role" htmlFor="token-role" error={fieldErrors.role} hint={`Empty: your role (${owner.role})`}>
            <Select id="token-role" name="role" defaultValue="">
              <option value="">Your role</option>
              {ROLES.filter((r) => roleWithin(r, owner.role)).map((r) => (
                <option key={r} value={r}>
                  {r}
                </option>
              ))}
            </Select>
          </Field>
          <Field label="Expires in (days)" htmlFor="token-expiry" error={fieldErrors.expiresInDays}>
            <Input id="token-expiry" name="expiresInDays" type="number" min={1} max={365} defaultValue={90} />
          </Field>
        </>
      )}
    </ActionDialog>
  );
}
