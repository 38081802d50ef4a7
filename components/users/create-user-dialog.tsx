"use client";

import { UserPlus } from "lucide-react";
import { useState } from "react";
import { createUserAction } from "@/app/(dashboard)/users/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { ROLES } from "@/lib/auth/roles";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { SecretOnce } from "@/components/ui/secret-once";

export function CreateUserDialog() {
  const [open, setOpen] = useState(false);
  const { run, pending, error, data, reset } = useAction(createUserAction);
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
        <Button data-testid="create-user-open">
          <UserPlus className="size-4" aria-hidden /> Create user
        </Button>
      </DialogTrigger>
      <DialogContent title="Create a user" description="Leave the password empty to generate one; it is shown once.">
        {data ? (
          <div className="space-y-4" data-testid="create-user-done">
            <Alert tone="success">
              Created {data.user.email} ({data.user.role}).
            </Alert>
            {data.generatedPassword ? <SecretOnce label="Initial password" value={data.generatedPassword} /> : null}
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
            {error ? <Alert testId="create-user-error">{error.message}</Alert> : null}
            <Field label="Email" htmlFor="new-email" error={fields.email}>
              <Input id="new-email" name="email" type="email" required />
            </Field>
            <Field label="Name" htmlFor="new-name" error={fields.name}>
              <Input id="new-name" name="name" required />
            </Field>
            <Field label="Role" htmlFor="new-role" error={fields.role}>
              <Select id="new-role" name="role" defaultValue="comms">
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {ROLE_LABELS[role]}
                  </option>
                ))}
              </Select>
            </Field>
            <Field label="Password (optional)" htmlFor="new-password" error={fields.password} hint="At least 12 characters, or empty to generate one.">
              <Input id="new-password" name="password" type="password" autoComplete="new-password" />
            </Field>
            <div className="flex justify-end gap-2 pt-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending} data-testid="create-user-submit">
                {pending ? "Creating…" : "Create user"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
