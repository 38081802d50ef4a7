import { ShieldX } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Sign-in refused" };

// Where a refused single sign-on lands (lib/auth/sso/next-auth-sso.ts); the attempt is audited.
const REASONS: Record<string, { title: string; body: string }> = {
  "no-role": {
    title: "No role for your groups",
    body: "You signed in at your identity provider, but none of your groups is mapped to a Switchyard role, so you cannot use the control plane. Ask an administrator to add one of your groups to the mapping (Settings → Single sign-on), or to add you to a mapped group at the provider.",
  },
  "email-taken": {
    title: "This email already has a local account",
    body: "A Switchyard account with a password already uses your email address. Single sign-on never takes over an existing account silently: ask an administrator to remove or rename the local account, then sign in with SSO again.",
  },
  disabled: {
    title: "Your account is disabled",
    body: "An administrator disabled your Switchyard account. Signing in at the provider does not enable it again.",
  },
  "no-identity": {
    title: "The provider did not say who you are",
    body: "The identity provider sent no email address. An administrator should add the email scope (or claim) to the Switchyard client at the provider.",
  },
};
const UNKNOWN = { title: "Sign-in refused", body: "Single sign-on was refused." };

export default async function SignInRefusedPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const { title, body } = (typeof reason === "string" && REASONS[reason]) || UNKNOWN;
  return (
    <div className="flex min-h-screen items-center justify-center px-4">
      <div
        className="w-full max-w-md rounded-lg border border-red-200 bg-white p-6 shadow-sm dark:border-red-900 dark:bg-slate-900"
        data-testid="sso-refused"
        data-reason={typeof reason === "string" ? reason : ""}
      >
        <h1 className="mb-2 flex items-center gap-2 text-base font-semibold">
          <ShieldX className="size-5 text-red-600" aria-hidden /> {title}
        </h1>
        <p className="text-sm text-slate-600 dark:text-slate-300">{body}</p>
        <p className="mt-4 text-xs text-slate-500">This attempt was recorded in the audit log.</p>
        <Link href="/sign-in" className="mt-4 inline-block text-sm text-brand-600 hover:underline">
          Back to sign-in
        </Link>
      </div>
    </div>
  );
}
