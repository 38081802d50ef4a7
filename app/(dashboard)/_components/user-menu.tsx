import { LogOut, UserCog } from "lucide-react";
import Link from "next/link";
import { signOutAction } from "@/app/(login)/actions";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { UserView } from "@/lib/users/user-view";

export function UserMenu({ user }: { user: UserView }) {
  return (
    <div className="flex items-center gap-3">
      <div className="text-right leading-tight">
        <div className="text-sm font-medium" data-testid="current-user">
          {user.name}
        </div>
        <div className="text-xs text-slate-500">{user.email}</div>
      </div>
      <Badge tone="blue">
        <span data-testid="current-role">{user.role}</span>
      </Badge>
      <Button asChild variant="ghost" size="sm">
        <Link href="/account/sessions" data-testid="account-sessions" title="Account: your sessions">
          <UserCog className="size-4" aria-hidden /> Account
        </Link>
      </Button>
      <Link href="/account/mfa" className="text-xs text-slate-600 hover:underline" data-testid="account-mfa-link">
        Two-factor
      </Link>
      <form action={signOutAction}>
        <Button type="submit" variant="ghost" size="sm" data-testid="sign-out">
          <LogOut className="size-4" aria-hidden /> Sign out
        </Button>
      </form>
    </div>
  );
}
