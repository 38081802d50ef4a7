"use client";

import { Server } from "lucide-react";
import { registerRelayAction } from "@/app/(dashboard)/relays/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { SecretOnce } from "@/components/ui/secret-once";

// The relay's token is shown once, then the dialog closes only by Done.
export function RegisterRelayDialog({ controlUrl }: { controlUrl: string }) {
  return (
    <ActionDialog
      trigger={
        <Button data-testid="register-relay-open">
          <Server className="size-4" aria-hidden /> Register relay
        </Button>
      }
      title="Register a relay"
      description="The relay authenticates to the control plane with this token. It is shown once."
      action={registerRelayAction}
      submitLabel="Register"
      pendingLabel="Registering…"
      testId="register-relay"
      submitTestId="register-relay-submit"
      result={(data) => (
        <>
          <SecretOnce label={`Relay token for ${data.relay.name}`} value={data.token} />
          <p className="text-xs text-slate-500">Run the reference relay with it:</p>
          <pre className="overflow-x-auto rounded bg-slate-50 p-2 text-xs dark:bg-slate-950">
            {`SWITCHYARD_CONTROL_URL=${controlUrl} \\\nSWITCHYARD_RELAY_TOKEN=<the token> \\\nRELAY_PORT=2525 npm run relay`}
          </pre>
        </>
      )}
    >
      {(fieldErrors) => (
        <Field label="Name" htmlFor="relay-name" error={fieldErrors.name} hint="e.g. relay-eu-1">
          <Input id="relay-name" name="name" />
        </Field>
      )}
    </ActionDialog>
  );
}
