"use client";

import { revokeApiTokenAction } from "@/app/(dashboard)/tokens/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";

// A confirmation without fields.
export function RevokeTokenButton({ tokenId, name }: { tokenId: string; name: string }) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="secondary" data-testid={`revoke-token-${name}`}>
          Revoke
        </Button>
      }
      title={`Revoke the token "${name}"?`}
      description="Anything using it is refused from the next request on. This cannot be undone."
      action={revokeApiTokenAction}
      toInput={() => ({ tokenId })}
      submitLabel="Revoke token"
      pendingLabel="Revoking…"
      submitVariant="danger"
      testId="revoke-token"
    />
  );
}
