"use client";

import { useState, useTransition } from "react";
import type { ActionResult } from "@/lib/auth/guard";
import { useStepUp } from "./step-up-context";

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

// Runs a guarded server action from a client component and keeps its pending state and error.
export function useAction<T>(action: (input: unknown) => Promise<ActionResult<T>>) {
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<Failure | null>(null);
  const [data, setData] = useState<T | null>(null);
  const askStepUp = useStepUp();

  function run(input: unknown, onSuccess?: (data: T) => void) {
    setError(null);
    startTransition(async () => {
      try {
        const result = await action(input);
        if (result.ok) {
          setData(result.data);
          onSuccess?.(result.data);
        } else {
          setError(result);
          // A dangerous action with an old sign-in: confirm it's you, then the same call again.
          if (result.code === "step_up_required" && askStepUp)
            askStepUp({ message: result.message, retry: () => run(input, onSuccess) });
        }
      } catch {
        setError({ ok: false, status: 0, code: "internal", message: "The server could not be reached. Try again." });
      }
    });
  }

  function reset() {
    setError(null);
    setData(null);
  }

  return { run, pending, error, data, reset };
}
