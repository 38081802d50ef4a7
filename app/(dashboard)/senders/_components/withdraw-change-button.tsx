"use client";

import { withdrawChangeRequestAction } from "@/app/(dashboard)/senders/actions";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";

// Takes a pending change request back; the sender keeps what was approved.
export function WithdrawChangeButton({ senderId, requestId }: { senderId: string; requestId: string }) {
  const { run, pending, error } = useAction(withdrawChangeRequestAction);
  return (
    <div className="flex flex-col items-end gap-2">
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => run({ senderId, requestId })}
        data-testid="change-withdraw"
      >
        {pending ? "Withdrawing…" : "Withdraw"}
      </Button>
      {error ? <Alert testId="change-withdraw-error">{error.message}</Alert> : null}
    </div>
  );
}
