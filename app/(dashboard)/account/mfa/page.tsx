import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { ConfirmTotpDialog } from "@/app/(dashboard)/account/mfa/_components/confirm-totp-dialog";
import { DisableTotpDialog } from "@/app/(dashboard)/account/mfa/_components/disable-totp-dialog";
import { RegenerateCodesDialog } from "@/app/(dashboard)/account/mfa/_components/regenerate-codes-dialog";
import { PageHeader } from "@/components/shell/page-header";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { startTotpEnrolment } from "@/lib/auth/mfa/enrol-totp";
import { mfaSetupPending } from "@/lib/auth/mfa/mfa-gate";
import { unusedRecoveryCodes } from "@/lib/auth/mfa/mfa-status";
import { currentSession } from "@/lib/auth/session";
import { getSetting } from "@/lib/settings/settings";

export const metadata: Metadata = { title: "Two-factor sign-in" };

// Account → Two-factor: reachable by every signed-in user, also one whose role must enrol first
// (so no requirePage here: it would send them back to this page).
export default async function MfaPage() {
  const context = await currentSession();
  if (!context) redirect("/sign-in");
  const { user, session } = context;
  const required = (await getSetting("mfa.requiredRoles")).includes(user.role);
  return (
    <>
      <PageHeader
        title="Two-factor sign-in"
        description="An authenticator app code (TOTP) after your password, and recovery codes for when the phone is lost."
      />
      {session.method !== "password" ? (
        <Card className="p-4 text-sm">
          You signed in with single sign-on: your identity provider asks for the second factor.
        </Card>
      ) : user.totpEnrolledAt ? (
        <Card className="space-y-3 p-4 text-sm" data-testid="totp-enrolled">
          <p>
            Two-factor sign-in is <strong>on</strong> since <LocalTime value={user.totpEnrolledAt} />.{" "}
            {await unusedRecoveryCodes(user.id)} recovery codes left.
          </p>
          <div className="flex gap-2">
            <RegenerateCodesDialog />
            <DisableTotpDialog required={required} />
          </div>
        </Card>
      ) : (
        <Enrol user={user} pendingSetup={await mfaSetupPending(context)} />
      )}
    </>
  );
}

async function Enrol({ user, pendingSetup }: { user: { id: string; email: string }; pendingSetup: boolean }) {
  const enrolment = await startTotpEnrolment(user);
  return (
    <div className="space-y-4">
      {pendingSetup ? (
        <Alert tone="info" testId="mfa-required">
          Your role requires two-factor sign-in. Set it up to continue: the rest of Switchyard opens once it is on.
        </Alert>
      ) : null}
      <Card className="grid gap-6 p-4 text-sm sm:grid-cols-[auto_1fr]">
        {/* biome-ignore lint/performance/noImgElement: a data: URL rendered on the server, nothing to optimize */}
        <img
          src={enrolment.qrDataUrl}
          alt="QR code to add Switchyard to an authenticator app"
          width={200}
          height={200}
        />
        <div className="space-y-3">
          <p>
            1. Scan the QR code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…).
          </p>
          <p>
            Or type this key:{" "}
            <code className="break-all font-mono" data-testid="totp-secret">
              {enrolment.secret}
            </code>
            <span className="block text-xs text-slate-500">Time-based, 6 digits, every 30 seconds (SHA-1).</span>
          </p>
          <p>2. Confirm with the code the app shows. You then get 10 recovery codes, shown once.</p>
          <ConfirmTotpDialog pending={enrolment.pending} />
        </div>
      </Card>
    </div>
  );
}
