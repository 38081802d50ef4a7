"use client";

import { deleteDlpRuleAction } from "@/app/(dashboard)/content/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";

export function DeleteRuleDialog({ profileId, ruleId, name }: { profileId: string; ruleId: string; name: string }) {
  return (
    <ActionDialog
      trigger={
        <Button size="sm" variant="ghost" data-testid={`delete-rule-${name}`}>
          Delete
        </Button>
      }
      title={`Delete the rule ${name}?`}
      description="Relays stop applying it within a second. To pause it instead, switch it off."
      action={deleteDlpRuleAction}
      toInput={() => ({ profileId, ruleId })}
      submitLabel="Delete rule"
      pendingLabel="Deleting…"
      submitVariant="danger"
      testId="delete-rule"
    />
  );
}
