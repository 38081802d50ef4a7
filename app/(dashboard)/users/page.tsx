import type { Metadata } from "next";
import { BreakGlassDialog } from "@/app/(dashboard)/users/_components/break-glass-dialog";
import { CreateUserDialog } from "@/app/(dashboard)/users/_components/create-user-dialog";
import { ResetMfaDialog } from "@/app/(dashboard)/users/_components/reset-mfa-dialog";
import { ResetPasswordDialog } from "@/app/(dashboard)/users/_components/reset-password-dialog";
import { RoleSelect } from "@/app/(dashboard)/users/_components/role-select";
import { UserSessionsLink } from "@/app/(dashboard)/users/_components/user-sessions-link";
import { UserStatusDialog } from "@/app/(dashboard)/users/_components/user-status-dialog";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import { requirePage } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { listUsers } from "@/lib/users/list-users";

export const metadata: Metadata = { title: "Users" };

export default async function UsersPage() {
  const { user: me } = await requirePage("users:read");
  const manage = can(me.role, "users:manage");
  const users = await listUsers();
  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in to Switchyard, and with which role."
        actions={manage ? <CreateUserDialog /> : null}
      />
      <Card>
        {users.length === 0 ? (
          <EmptyState title="No users yet" />
        ) : (
          <Table data-testid="users-table">
            <thead>
              <tr>
                <Th>User</Th>
                <Th>Role</Th>
                <Th>Source</Th>
                <Th>Status</Th>
                <Th>Last sign-in</Th>
                {manage ? <Th className="text-right">Actions</Th> : null}
              </tr>
            </thead>
            <tbody>
              {users.map((user) => (
                <tr key={user.id} data-testid={`user-row-${user.email}`}>
                  <Td>
                    <div className="font-medium">{user.name}</div>
                    <div className="text-xs text-slate-500">{user.email}</div>
                  </Td>
                  <Td>
                    {manage && user.id !== me.id ? <RoleSelect user={user} /> : <Badge>{user.role}</Badge>}
                    {user.breakGlass ? (
                      <Badge tone="red" className="ml-1">
                        break-glass
                      </Badge>
                    ) : null}
                  </Td>
                  <Td data-testid="user-source">
                    {user.source === "oidc" ? (
                      <span title="Created by single sign-on: the role follows the provider's groups">
                        <Badge tone="blue">SSO</Badge>
                      </span>
                    ) : (
                      <Badge>local</Badge>
                    )}
                  </Td>
                  <Td>
                    <Badge tone={user.status === "active" ? "green" : "red"}>{user.status}</Badge>
                  </Td>
                  <Td className="text-xs text-slate-500">
                    {user.lastSignInAt ? <LocalTime value={user.lastSignInAt} /> : "never"}
                  </Td>
                  {manage ? (
                    <Td className="text-right whitespace-nowrap">
                      <UserSessionsLink user={user} />
                      {(user.role === "admin" && user.source === "local") || user.breakGlass ? (
                        <BreakGlassDialog user={user} />
                      ) : null}
                      {user.id !== me.id ? (
                        <>
                          {user.source === "local" ? <ResetPasswordDialog user={user} /> : null}
                          {user.totpEnrolledAt ? <ResetMfaDialog user={user} /> : null}
                          <UserStatusDialog user={user} />
                        </>
                      ) : (
                        <span className="text-xs text-slate-400">you</span>
                      )}
                    </Td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
    </>
  );
}
