"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// The page's data could not be read (the database is down, say): say so and offer a retry.
export default function DeliverabilityError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div className="space-y-4" data-testid="deliverability-error">
      <h1 className="text-xl font-semibold tracking-tight">Deliverability</h1>
      <Alert>
        The deliverability data could not be loaded. The error was logged
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </Alert>
      <Button variant="secondary" onClick={reset} data-testid="deliverability-retry">
        Retry
      </Button>
    </div>
  );
}
