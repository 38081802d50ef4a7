"use client";

import { type FormEvent, startTransition, useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { type SignInState, signInAction } from "../actions";

// Two steps for an account with two-factor sign-in: email and password, then (the server answered
// "code required", no session yet) the code, sent again with the email and password the form kept.
export function SignInForm() {
  const [state, formAction, pending] = useActionState<SignInState, FormData>(signInAction, {});
  const askCode = state.step === "code";
  // Dispatched by hand, not through <form action>, so React does not clear the typed fields.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    startTransition(() => formAction(form));
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {state.message ? <Alert testId="sign-in-error">{state.message}</Alert> : null}
      <div className={askCode ? "hidden" : "space-y-4"}>
        <Field label="Email" htmlFor="email" error={state.fieldErrors?.email}>
          <Input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            defaultValue={state.email}
            required
            aria-invalid={!!state.fieldErrors?.email}
          />
        </Field>
        <Field label="Password" htmlFor="password" error={state.fieldErrors?.password}>
          <Input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={!!state.fieldErrors?.password}
          />
        </Field>
      </div>
      {askCode ? (
        <Field
          label="Authentication code"
          htmlFor="code"
          error={state.fieldErrors?.code}
          hint={`The 6-digit code from your authenticator app for ${state.email}, or one of your recovery codes.`}
        >
          <Input
            id="code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            autoFocus
            required
            data-testid="sign-in-code"
            aria-invalid={!!state.fieldErrors?.code}
          />
        </Field>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending} data-testid="sign-in-submit">
        {pending ? "Signing in…" : askCode ? "Verify" : "Sign in"}
      </Button>
    </form>
  );
}
