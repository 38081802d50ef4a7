import Link from "next/link";
import { Button } from "@/components/ui/button";

// The Users page's way to an account's sessions (admins).
export function UserSessionsLink({ user }: { user: { id: string; email: string } }) {
  return (
    <Button asChild size="sm" variant="ghost">
      <Link href={`/users/${user.id}/sessions`} data-testid={`sessions-${user.email}`}>
        Sessions
      </Link>
    </Button>
  );
}
