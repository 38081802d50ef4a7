import type { Metadata } from "next";
import { CreateTokenDialog } from "@/app/(dashboard)/tokens/_components/create-token-dialog";
import { RevokeTokenButton } from "@/app/(dashboard)/tokens/_components/revoke-token-button";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import { listApiTokens } from "@/lib/api-tokens/list-api-tokens";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "API tokens" };

function tokenState(token: { revokedAt: Date | null; expiresAt: Date | null }) {
  if (token.revokedAt) return { label: "revoked", tone: "red" as const };
  if (token.expiresAt && token.expiresAt <= new Date()) return { label: "expired", tone: "amber" as const };
  return { label: "active", tone: "green" as const };
}

export default async function TokensPage() {
  const { user } = await requirePage(["tokens:own", "tokens:read"]);
  // tokens:read sees everyone's tokens (with their owner); anyone else sees only their own.
  const seeAll = can(user.role, "tokens:read");
  const mayRevoke = (ownerId: string) =>
    can(user.role, "tokens:manage") || (ownerId === user.id && can(user.role, "tokens:own"));
  const tokens = await listApiTokens(seeAll ? {} : { ownerId: user.id });
  const revokeColumn = tokens.some((token) => mayRevoke(token.userId));
  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens for the management API (/api/v1). A token acts as its owner and never beyond the owner's current role. Only a SHA-256 verifier of each is stored."
        actions={
          can(user.role, "tokens:own") ? <CreateTokenDialog owner={{ email: user.email, role: user.role }} /> : null
        }
      />
      <Card>
        {tokens.length === 0 ? (
          <EmptyState title={seeAll ? "No API tokens yet" : "You have no API tokens yet"}>
            Create one here: it acts as you and never beyond your role. A host operator can also run npm run
            token:create -- --email you@example.com --name ci.
          </EmptyState>
        ) : (
          <Table data-testid="tokens-table">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Token</Th>
                <Th>Role</Th>
                {seeAll ? <Th>Owner</Th> : null}
                <Th>Status</Th>
                <Th>Expires</Th>
                <Th>Last used</Th>
                {revokeColumn ? <Th /> : null}
              </tr>
            </thead>
            <tbody>
              {tokens.map((token) => {
                const state = tokenState(token);
                return (
                  <tr key={token.id} data-testid={`token-row-${token.name}`}>
                    <Td className="font-medium">{token.name}</Td>
                    <Td className="font-mono text-xs">
                      {token.tokenPrefix}…{token.tokenLast4}
                    </Td>
                    <Td>
                      <Badge>{token.role}</Badge>
                    </Td>
                    {seeAll ? <Td className="text-xs">{token.ownerEmail}</Td> : null}
                    <Td>
                      <Badge tone={state.tone}>{state.label}</Badge>
                    </Td>
                    <Td className="text-xs">{token.expiresAt ? <LocalTime value={token.expiresAt} /> : "never"}</Td>
                    <Td className="text-xs">
                      {token.lastUsedAt ? (
                        <>
                          <LocalTime value={token.lastUsedAt} />
                          <div className="font-mono text-slate-500">{token.lastUsedIp}</div>
                        </>
                      ) : (
                        "never"
                      )}
                    </Td>
                    {revokeColumn ? (
                      <Td className="text-right">
                        {state.label === "active" && mayRevoke(token.userId) ? (
                          <RevokeTokenButton tokenId={token.id} name={token.name} />
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
    </>
  );
}
