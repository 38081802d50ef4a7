"use client";

import { changeUserRoleAction } from "@/app/(dashboard)/users/actions";
import { Select } from "@/components/ui/input";
import { useAction } from "@/components/use-action";
import { ROLES } from "@/lib/auth/roles";
import type { UserView } from "@/lib/users/user-view";

export function RoleSelect({ user }: { user: UserView }) {
  const { run, pending, error } = useAction(changeUserRoleAction);
  return (
    <div>
      <Select
        aria-label={`Role of ${user.email}`}
        data-testid={`role-${user.email}`}
        defaultValue={user.role}
        disabled={pending}
        className="h-8 w-32 py-0 text-xs"
        onChange={(event) => run({ userId: user.id, role: event.target.value })}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {role}
          </option>
        ))}
      </Select>
      {error ? <p className="mt-1 text-xs text-red-600">{error.message}</p> : null}
    </div>
  );
}
