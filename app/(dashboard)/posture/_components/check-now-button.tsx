"use client";

import { checkDomainAction } from "@/app/(dashboard)/posture/actions";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/use-action";

// Runs the DNS checks of one domain now; the page re-renders with the result.
export function CheckNowButton({ domainId, domain }: { domainId: string; domain: string }) {
  const { run, pending, error } = useAction(checkDomainAction);
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        size="sm"
        variant="secondary"
        disabled={pending}
        data-testid={`posture-check-now-${domain}`}
        onClick={() => run({ domainId })}
      >
        {pending ? "Checking…" : "Check now"}
      </Button>
      {error ? (
        <span role="alert" className="text-xs text-red-600" data-testid={`posture-check-error-${domain}`}>
          {error.message}
        </span>
      ) : null}
    </span>
  );
}
