"use client";

import { setBreakGlassAction } from "@/app/(dashboard)/users/break-glass-actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";

// Marks a local admin as the break-glass account (the one password sign-in left when local sign-in
// is off), or unmarks it. Audited.
export function BreakGlassDialog({ user }: { user: { id: string; email: string; breakGlass: boolean } }) {
  const marking = !user.breakGlass;
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="ghost" data-testid={`break-glass-${user.email}`}>
          {marking ? "Make break-glass" : "Remove break-glass"}
        </Button>
      }
      title={marking ? `Make ${user.email} a break-glass account?` : `Remove break-glass from ${user.email}?`}
      description={
        marking
          ? "It can still sign in with a password when local sign-in is off. Every sign-in with it is audited and shown with a red banner. Keep its password in a safe."
          : "It will no longer be able to sign in with a password while local sign-in is off."
      }
      action={setBreakGlassAction}
      toInput={() => ({ userId: user.id, breakGlass: marking })}
      submitLabel={marking ? "Make break-glass" : "Remove break-glass"}
      pendingLabel="Saving…"
      submitVariant={marking ? "danger" : "primary"}
      testId="break-glass"
    />
  );
}
