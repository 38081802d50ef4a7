"use client";

import { revokeMyOtherSessionsAction } from "@/app/(dashboard)/account/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";

// "Sign out everywhere else": every live session but this browser's.
export function RevokeOtherSessionsDialog({ others }: { others: number }) {
  return (
    <ActionDialog
      trigger={
        <Button variant="danger" disabled={others === 0} data-testid="revoke-other-sessions">
          Revoke all other sessions
        </Button>
      }
      title="Sign out everywhere else?"
      description={`Your ${others} other live session${others === 1 ? "" : "s"} end; this browser stays signed in.`}
      action={revokeMyOtherSessionsAction}
      toInput={() => ({})}
      submitLabel="Revoke other sessions"
      pendingLabel="Revoking…"
      submitVariant="danger"
      testId="revoke-other-sessions"
    />
  );
}
