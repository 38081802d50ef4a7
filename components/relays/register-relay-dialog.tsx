"use client";

import { Server } from "lucide-react";
import { useState } from "react";
import { registerRelayAction } from "@/app/(dashboard)/relays/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { DialogClose, DialogContent, DialogRoot, DialogTrigger } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { SecretOnce } from "@/components/ui/secret-once";

export function RegisterRelayDialog({ controlUrl }: { controlUrl: string }) {
  const [open, setOpen] = useState(false);
  const { run, pending, error, data, reset } = useAction(registerRelayAction);
  return (
    <DialogRoot
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button data-testid="register-relay-open">
          <Server className="size-4" aria-hidden /> Register relay
        </Button>
      </DialogTrigger>
      <DialogContent title="Register a relay" description="The relay authenticates to the control plane with this token. It is shown once.">
        {data ? (
          <div className="space-y-3" data-testid="register-relay-done">
            <SecretOnce label={`Relay token for ${data.relay.name}`} value={data.token} />
            <p className="text-xs text-slate-500">Run the reference relay with it:</p>
            <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">
              {`SWITCHYARD_CONTROL_URL=${controlUrl} \\\nSWITCHYARD_RELAY_TOKEN=<the token> \\\nRELAY_PORT=2525 npm run relay`}
            </pre>
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
            {error ? <Alert>{error.message}</Alert> : null}
            <Field label="Name" htmlFor="relay-name" error={error?.fieldErrors?.name} hint="e.g. relay-eu-1">
              <Input id="relay-name" name="name" />
            </Field>
            <div className="flex justify-end gap-2">
              <DialogClose asChild>
                <Button variant="secondary">Cancel</Button>
              </DialogClose>
              <Button type="submit" disabled={pending} data-testid="register-relay-submit">
                {pending ? "Registering…" : "Register"}
              </Button>
            </div>
          </form>
        )}
      </DialogContent>
    </DialogRoot>
  );
}
