import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { RevokeSessionDialog } from "@/app/(dashboard)/account/_components/revoke-session-dialog";
import { UserSessionsRevokeAllDialog } from "@/app/(dashboard)/users/_components/user-sessions-revoke-all-dialog";
import { SessionsTable } from "@/components/sessions/sessions-table";
import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";
import { requirePage } from "@/lib/auth/page-guard";
import { listSessions } from "@/lib/auth/sessions/list-sessions";
import { findUserById } from "@/lib/users/list-users";
import { listUserSessionsSchema } from "@/lib/validations/sessions";

export const metadata: Metadata = { title: "User sessions" };

// An admin's view of one user's sessions: revoke one, or all of them.
export default async function UserSessionsPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor, session } = await requirePage("users:manage");
  const raw = await params;
  // A malformed id is a page that does not exist, like an unknown one.
  const parsed = listUserSessionsSchema.safeParse({ userId: raw.id });
  if (!parsed.success) notFound();
  const { userId } = parsed.data;
  const user = await findUserById(userId);
  if (!user) notFound();
  const sessions = await listSessions({ actor, userId, currentSessionId: session.id });
  const live = sessions.filter((s) => s.status === "active" && !s.current).length;
  return (
    <>
      <PageHeader
        title={`Sessions of ${user.email}`}
        description={
          <>
            The last 50 sessions, ended ones included. <Link href="/users">Back to users</Link>
          </>
        }
        actions={<UserSessionsRevokeAllDialog user={user} live={live} />}
      />
      <Card>
        <SessionsTable sessions={sessions} actions={(s) => <RevokeSessionDialog session={s} asAdmin />} />
      </Card>
    </>
  );
}
