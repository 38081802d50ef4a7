"use client";

import { Alert } from "@/components/ui/alert";
import { SecretOnce } from "@/components/ui/secret-once";

export interface RelayEndpoint {
  host: string;
  port: number;
}

// What a sender needs to configure SMTP AUTH; the password is in this view only, once. The dialog
// showing it adds the Done button (data-testid credential-issued-done).
export function CredentialSecretResult({
  username,
  secret,
  relay,
  note,
}: {
  username: string;
  secret: string;
  relay: RelayEndpoint;
  note?: string;
}) {
  return (
    <div className="space-y-3" data-testid="credential-issued">
      <Alert tone="success">
        Credential {username} issued.{note ? ` ${note}` : ""}
      </Alert>
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">SMTP host</dt>
        <dd className="font-mono" data-testid="credential-relay-host">
          {relay.host}
        </dd>
        <dt className="text-slate-500">Port</dt>
        <dd className="font-mono">{relay.port} (STARTTLS)</dd>
        <dt className="text-slate-500">Username</dt>
        <dd className="font-mono break-all" data-testid="credential-username">
          {username}
        </dd>
      </dl>
      <SecretOnce label="Password" value={secret} />
      <p className="text-xs text-slate-500">
        Switchyard keeps only a verifier of this password: it cannot be shown again. If it is lost, rotate the
        credential.
      </p>
    </div>
  );
}
