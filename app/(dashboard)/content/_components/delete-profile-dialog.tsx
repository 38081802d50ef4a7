"use client";

import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { deleteContentProfileAction } from "@/app/(dashboard)/content/actions";
import { ActionDialog } from "@/components/action-dialog";
import { Button } from "@/components/ui/button";

// Confirmed deletion; the server refuses a default or a profile a sender uses, and says which.
export function DeleteProfileDialog({ profileId, name }: { profileId: string; name: string }) {
  const router = useRouter();
  return (
    <ActionDialog
      trigger={
        <Button variant="secondary" data-testid="delete-profile-open">
          <Trash2 className="size-4" aria-hidden /> Delete
        </Button>
      }
      title={`Delete the profile ${name}?`}
      description="Its DLP rules go with it. Relays stop applying it within a second."
      action={deleteContentProfileAction}
      toInput={() => ({ profileId })}
      submitLabel="Delete profile"
      pendingLabel="Deleting…"
      submitVariant="danger"
      testId="delete-profile"
      onDone={() => router.push("/content")}
    />
  );
}
