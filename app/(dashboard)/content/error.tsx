"use client";

import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

// The profiles could not be read (the database is down, say): say so and offer a retry.
export default function ContentError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="space-y-4" data-testid="content-error">
      <h1 className="text-xl font-semibold tracking-tight">Content</h1>
      <Alert>
        The content profiles could not be loaded. The error was logged
        {error.digest ? ` (reference ${error.digest})` : ""}.
      </Alert>
      <Button variant="secondary" onClick={reset} data-testid="content-retry">
        Retry
      </Button>
    </div>
  );
}
