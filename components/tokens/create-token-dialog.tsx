"use client";

import { KeyRound } from "lucide-react";
import { useState } from "react";
import { createApiTokenAction } from "@/app/(dashboard)/tokens/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { SecretOnce } from "@/components/ui/secret-once";
import { roleWithin } from "@/lib/auth/permissions";
import { ROLES, type Role } from "@/lib/auth/roles";

// A token for the signed-in user only: it acts as them, so nobody mints one for someone else.
export function CreateTokenDialog({ owner }: { owner: { email: string; role: Role } }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, data, reset } = useAction(createApiTokenAction);
  const fields = error?.fieldErrors ?? {};
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid="create-token-open">
          <KeyRound className="size-4" aria-hidden /> Create token
        </Button>
      </DialogTrigger>
      <DialogContent title="Create an API token" description={`The token acts as you (${owner.email}) with the chosen role, never beyond your own. It is shown once.`}>
        {data ? (
          <div className="space-y-4" data-testid="create-token-done">
            <SecretOnce label={`Token "${data.view.name}" (${data.view.role})`} value={data.token} />
            <p className="text-xs text-slate-500">
              Use it as <code>Authorization: Bearer …</code> against <code>/api/v1</code>.
            </p>
            <div className="flex justify-end">
              <DialogClose asChild>
                <Button variant="secondary">Done</Button>
              </DialogClose>
            </div>
          </div>
        ) : (
          <form
            className="space-y-3"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              run(new FormData(event.currentTarget));
            }}
          >
            {error ? <Alert testId="create-token-error">{error.message}</Alert> : null}
            <Field label="Name" htmlFor="token-name" error={fields.name} hint="What uses it, e.g. terraform-ci">
              <Input id="token-name" name="name" required />
            </Field>
            <Field label="Role" htmlFor="token-role" error={fields.role} hint={`Empty: your role (${owner.role})`}>
              <Select id="token-role" name="role" defaultValue="">
                <option value="">Your role</option>
                {ROLES.filter((r) => roleWithin(r, owner.role)).map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Expires in (days)" htmlFor="token-expiry" error={fields.expiresInDays}>
              <Input id="token-expiry" name="expiresInDays" type="number" min={1} max={365} defaultValue={90} />
            </Field>
            <div className="flex justify-end gap-2 pt-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending} data-testid="create-token-submit">
                {pending ? "Creating…" : "Create token"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
