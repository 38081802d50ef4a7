import type { Metadata } from "next";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { AnswerForm } from "@/app/recertify/_components/answer-form";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { findRecertificationRequest } from "@/lib/recertification/find-request";
import { recertificationTokenSchema } from "@/lib/validations/recertification";

// Public: reached from the owner's mail, no sign-in. Opening the page changes nothing (mail
// scanners open links); only the buttons answer, once.
export const metadata: Metadata = { title: "Re-certify a sender", robots: { index: false, follow: false } };
export const dynamic = "force-dynamic";

function Shell({ children }: { children: ReactNode }) {
  return (
    <main className="mx-auto max-w-xl p-6">
      <h1 className="mb-4 text-xl font-semibold">Switchyard · sender re-certification</h1>
      {children}
    </main>
  );
}

export default async function RecertifyPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  if (!recertificationTokenSchema.safeParse(token).success) notFound();
  const found = await findRecertificationRequest(token);
  if (found.state === "not_found") notFound();
  if (found.state === "used")
    return (
      <Shell>
        <Alert tone="info" testId="recertify-used">
          This link was already used{found.answeredAt ? ` on ${found.answeredAt.toISOString().slice(0, 10)}` : ""}. Each
          link answers once.
        </Alert>
      </Shell>
    );
  if (found.state === "expired")
    return (
      <Shell>
        <Alert testId="recertify-expired">
          This link expired on {found.expiresAt.toISOString().slice(0, 10)}. Ask the security team for a new one.
        </Alert>
      </Shell>
    );
  const { scope, request } = found;
  return (
    <Shell>
      <Card className="space-y-4 p-4" data-testid="recertify-scope">
        <p className="text-sm">
          Is the mail sender <strong>{scope.name}</strong> ({scope.ownerTeam}) still needed, unchanged? You are asked as
          its contact ({request.recipientEmail}). Its review date is {scope.reviewDate}.
        </p>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Purpose</dt>
          <dd>{scope.purpose}</dd>
          <dt className="text-slate-500">From domains</dt>
          <dd>{scope.fromDomains.join(", ") || "(none)"}</dd>
          <dt className="text-slate-500">From addresses</dt>
          <dd>{scope.allowedFromAddresses.join(", ") || "any address at those domains"}</dd>
          <dt className="text-slate-500">Networks</dt>
          <dd>{scope.allowedCidrs.join(", ") || "any source"}</dd>
          <dt className="text-slate-500">Rate limits</dt>
          <dd>
            {scope.rateLimitPerMinute}/min, {scope.rateLimitPerDay}/day
          </dd>
          <dt className="text-slate-500">Status</dt>
          <dd>{scope.status}</dd>
        </dl>
        <AnswerForm token={token} revision={scope.revision} />
      </Card>
    </Shell>
  );
}
