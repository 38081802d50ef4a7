import { TargetKillSwitch } from "@/app/(dashboard)/kill-switch/_components/target-kill-switch";
import { IssueCredentialDialog } from "@/app/(dashboard)/senders/[id]/_components/issue-credential-dialog";
import { RevokeCredentialDialog } from "@/app/(dashboard)/senders/[id]/_components/revoke-credential-dialog";
import { RotateCredentialDialog } from "@/app/(dashboard)/senders/[id]/_components/rotate-credential-dialog";
import { CredentialStatusBadge } from "@/components/credentials/credential-status-badge";
import { Card, CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { credentialPanelFacts } from "@/lib/credentials/credential-panel-facts";
import { type CredentialIssueRefusal, MAX_ACTIVE_PER_SENDER } from "@/lib/credentials/credential-rules";

// The SMTP credentials of one sender, for its detail page. Renders nothing for roles without
// credentials:read; buttons show only to roles that may use them (the actions check again).
export async function CredentialsPanel({ senderId, role }: { senderId: string; role: Role }) {
  if (!can(role, "credentials:read")) return null;
  const facts = await credentialPanelFacts(senderId);
  if (!facts) return null;
  const { sender, credentials, relay, limits } = facts;
  const mayIssue = can(role, "credentials:issue");
  const mayRevoke = can(role, "credentials:revoke");
  const senderActive = sender.status === "active";
  const blocked = facts.issueRefusal ? refusalText(facts.issueRefusal) : null;

  return (
    <Card data-testid="credentials-panel">
      <CardHeader
        title="SMTP credentials"
        description={`Username and password for SMTP AUTH at ${relay.host}:${relay.port}. At most ${MAX_ACTIVE_PER_SENDER} active at a time, so a rotation can overlap.`}
        actions={
          mayIssue ? (
            <IssueCredentialDialog
              senderId={sender.id}
              senderCidrs={sender.allowedCidrs}
              limits={limits}
              relay={relay}
              disabled={!!blocked}
            />
          ) : null
        }
      />
      {mayIssue && blocked ? (
        <p
          className="border-b border-slate-200 px-4 py-2 text-xs text-slate-600 dark:border-slate-800 dark:text-slate-400"
          data-testid="credentials-issue-blocked"
        >
          {blocked}
        </p>
      ) : null}
      {credentials.length === 0 ? (
        <EmptyState title="No credentials yet">
          {senderActive
            ? "Issue one to let this sender authenticate at the relay."
            : "Once the sender is active, credentials can be issued."}
        </EmptyState>
      ) : (
        <Table data-testid="credentials-table">
          <thead>
            <tr>
              <Th>Username</Th>
              <Th>Secret</Th>
              <Th>Status</Th>
              <Th>Created</Th>
              <Th>Expires</Th>
              <Th>Last used</Th>
              <Th>Kill switch</Th>
              {mayIssue || mayRevoke ? <Th className="text-right">Actions</Th> : null}
            </tr>
          </thead>
          <tbody>
            {credentials.map((c) => {
              const live = c.displayStatus === "active" || c.displayStatus === "expiring_soon";
              return (
                <tr key={c.id} data-testid={`credential-row-${c.username}`}>
                  <Td>
                    <div className="font-mono text-xs">{c.username}</div>
                    {c.allowedCidrs.length ? (
                      <div className="mt-0.5 text-xs text-slate-500">from {c.allowedCidrs.join(", ")}</div>
                    ) : null}
                  </Td>
                  <Td className="font-mono text-xs text-slate-600 dark:text-slate-400">
                    {c.secretPrefix}…{c.secretLast4}
                  </Td>
                  <Td>
                    <span data-testid={`credential-status-${c.username}`}>
                      <CredentialStatusBadge status={c.displayStatus} />
                    </span>
                    {c.status === "revoked" && c.revokeReason ? (
                      <div className="mt-0.5 max-w-48 text-xs text-slate-500">{c.revokeReason}</div>
                    ) : null}
                  </Td>
                  <Td className="text-xs">
                    <div>{c.createdByEmail ?? "system"}</div>
                    <div className="text-slate-500">
                      <LocalTime value={c.createdAt} />
                    </div>
                  </Td>
                  <Td className="text-xs text-slate-600 dark:text-slate-400">
                    {c.expiresAt ? <LocalTime value={c.expiresAt} /> : "never"}
                  </Td>
                  <Td className="text-xs text-slate-600 dark:text-slate-400">
                    {c.lastUsedAt ? (
                      <>
                        <LocalTime value={c.lastUsedAt} />
                        {c.lastUsedFrom ? <div className="font-mono">{c.lastUsedFrom}</div> : null}
                      </>
                    ) : (
                      "never"
                    )}
                  </Td>
                  <Td>
                    {live ? (
                      <TargetKillSwitch scope="credential" targetId={c.id} label={c.username} role={role} />
                    ) : null}
                  </Td>
                  {mayIssue || mayRevoke ? (
                    <Td className="text-right whitespace-nowrap">
                      {live && mayIssue && senderActive ? (
                        <RotateCredentialDialog
                          credential={{ id: c.id, username: c.username }}
                          defaultOverlapHours={facts.defaultOverlapHours}
                          limits={limits}
                          relay={relay}
                        />
                      ) : null}
                      {c.status === "active" && mayRevoke ? (
                        <RevokeCredentialDialog credential={{ id: c.id, username: c.username }} />
                      ) : null}
                    </Td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function refusalText(refusal: CredentialIssueRefusal): string {
  return refusal.reason === "sender_not_active"
    ? `Credentials can only be issued for an active sender; this sender is ${refusal.status}.`
    : `This sender has ${refusal.activeCount} active credentials, the most allowed: revoke one, or rotate with 0 hours overlap.`;
}
