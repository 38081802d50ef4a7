import type { Metadata } from "next";
import { RevokeOtherSessionsDialog } from "@/app/(dashboard)/account/_components/revoke-other-sessions-dialog";
import { RevokeSessionDialog } from "@/app/(dashboard)/account/_components/revoke-session-dialog";
import { SessionsTable } from "@/components/sessions/sessions-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listSessions } from "@/lib/auth/sessions/list-sessions";

export const metadata: Metadata = { title: "Sessions" };

export default async function AccountSessionsPage() {
  const { actor, user, session } = await requirePage("sessions:own");
  const sessions = await listSessions({ actor, userId: user.id, currentSessionId: session.id });
  const others = sessions.filter((s) => s.status === "active" && !s.current).length;
  return (
    <>
      <PageHeader
        title="Sessions"
        description="Where your account is signed in (the last 50 sessions, ended ones included). Revoke any you do not recognise."
        actions={<RevokeOtherSessionsDialog others={others} />}
      />
      <Card>
        <SessionsTable sessions={sessions} actions={(s) => <RevokeSessionDialog session={s} />} />
      </Card>
    </>
  );
}
