import type { ReactNode } from "react";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { SessionStatus, SessionView } from "@/lib/auth/sessions/list-sessions";

const STATUS_TONE: Record<SessionStatus, BadgeTone> = { active: "green", expired: "neutral", revoked: "red" };
const METHOD_LABEL = { password: "Password", oidc: "Single sign-on" } as const;

// Sign-in sessions of one user, newest first; `actions` renders the last cell of a live session.
export function SessionsTable({
  sessions,
  actions,
}: {
  sessions: SessionView[];
  actions?: (session: SessionView) => ReactNode;
}) {
  if (sessions.length === 0)
    return <EmptyState title="No sessions">Nobody has signed in to this account yet.</EmptyState>;
  return (
    <Table data-testid="sessions-table">
      <thead>
        <tr>
          <Th>Device</Th>
          <Th>IP address</Th>
          <Th>Sign-in</Th>
          <Th>Signed in</Th>
          <Th>Last seen</Th>
          <Th>Status</Th>
          {actions ? <Th className="text-right">Actions</Th> : null}
        </tr>
      </thead>
      <tbody>
        {sessions.map((session) => (
          <tr key={session.id} data-testid={`session-row-${session.id}`} data-status={session.status}>
            <Td>
              <div className="font-medium" title={session.userAgent ?? undefined}>
                {session.device}
              </div>
              {session.current ? (
                <Badge tone="blue" className="mt-1">
                  <span data-testid="this-session">This session</span>
                </Badge>
              ) : null}
            </Td>
            <Td className="font-mono text-xs">{session.ip ?? "unknown"}</Td>
            <Td className="text-xs">{METHOD_LABEL[session.method]}</Td>
            <Td className="text-xs text-slate-500">
              <LocalTime value={session.createdAt} />
            </Td>
            <Td className="text-xs text-slate-500">
              <LocalTime value={session.lastSeenAt} />
            </Td>
            <Td>
              <Badge tone={STATUS_TONE[session.status]}>{session.status}</Badge>
              {session.status === "revoked" ? (
                <div className="mt-1 text-xs text-slate-500">
                  {session.revokeReason ?? "revoked"}
                  {session.revokedBy ? ` (${session.revokedBy})` : ""}
                </div>
              ) : null}
            </Td>
            {actions ? (
              <Td className="text-right whitespace-nowrap">{session.status === "active" ? actions(session) : null}</Td>
            ) : null}
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

export function SessionsLoading({ label }: { label: string }) {
  return (
    <div className="space-y-3 p-4" role="status" aria-busy="true" aria-label={label} data-testid="sessions-loading">
      {["a", "b", "c"].map((k) => (
        <div key={k} className="h-6 w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
      ))}
    </div>
  );
}
