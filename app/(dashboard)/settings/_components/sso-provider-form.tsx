"use client";

import { useState } from "react";
import { saveSsoProviderAction } from "@/app/(dashboard)/settings/sso-actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import type { SsoSettingsView } from "@/lib/auth/sso/sso-settings-view";

export function SsoProviderForm({ view, editable }: { view: SsoSettingsView; editable: boolean }) {
  const [form, setForm] = useState({ ...view.provider, clientSecret: "", clearSecret: false });
  const { run, pending, error, data } = useAction(saveSsoProviderAction);
  const field = (name: keyof typeof form) => ({
    id: `sso-${name}`,
    name,
    disabled: !editable,
    value: String(form[name]),
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: e.target.value }),
  });
  const errors = error?.fieldErrors ?? {};
  return (
    <form
      data-testid="sso-provider-form"
      className="space-y-3"
      onSubmit={(event) => {
        event.preventDefault();
        const { issuer, clientId, clientSecret, clearSecret, scopes, label } = form;
        run({ issuer, clientId, clientSecret, clearSecret, scopes, label });
      }}
    >
      <h3 className="font-medium">Provider</h3>
      {view.source === "environment" ? (
        <Alert tone="info" testId="sso-from-environment">
          Set by the environment (SSO_ISSUER, SSO_CLIENT_ID, SSO_CLIENT_SECRET, SSO_SCOPES, SSO_LABEL), which wins over
          this page: shown read-only.
        </Alert>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Issuer URL"
          htmlFor="sso-issuer"
          error={errors.issuer}
          hint="Discovery: <issuer>/.well-known/openid-configuration"
        >
          <Input {...field("issuer")} placeholder="https://login.example.com/realms/acme" />
        </Field>
        <Field label="Client id" htmlFor="sso-clientId" error={errors.clientId}>
          <Input {...field("clientId")} />
        </Field>
        <Field
          label="Client secret"
          htmlFor="sso-clientSecret"
          error={errors.clientSecret}
          hint="Stored sealed; never shown again. Leave empty to keep it (or for a public client)."
        >
          <Input
            {...field("clientSecret")}
            type="password"
            autoComplete="off"
            placeholder={view.provider.secretSet ? "set — type to replace" : "not set"}
          />
        </Field>
        <Field
          label="Scopes"
          htmlFor="sso-scopes"
          error={errors.scopes}
          hint="offline_access is added when the provider supports it"
        >
          <Input {...field("scopes")} placeholder="openid email profile" />
        </Field>
        <Field label="Button label" htmlFor="sso-label" error={errors.label}>
          <Input {...field("label")} placeholder="Sign in with SSO" />
        </Field>
      </div>
      {editable ? (
        <div className="flex items-center gap-3">
          <Button type="submit" size="sm" disabled={pending} data-testid="sso-provider-save">
            {pending ? "Saving…" : "Save provider"}
          </Button>
          {view.provider.secretSet ? (
            <label className="flex items-center gap-1 text-xs text-slate-500">
              <input
                type="checkbox"
                checked={form.clearSecret}
                onChange={(e) => setForm({ ...form, clearSecret: e.target.checked })}
              />
              remove the stored secret
            </label>
          ) : null}
          {error && !Object.keys(errors).length ? <span className="text-xs text-red-600">{error.message}</span> : null}
          {data && !pending ? <span className="text-xs text-emerald-700">Saved.</span> : null}
        </div>
      ) : null}
    </form>
  );
}
