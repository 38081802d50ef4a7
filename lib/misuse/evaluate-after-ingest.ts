import { evaluateMisuse } from "./evaluate-misuse";
import { emptyInputs, inputsOf, type MisuseEvent, type MisuseInputs } from "./misuse-inputs";

// Misuse is judged right after each events batch commits, off the relay's request, one
// evaluation at a time per process: what batches touch meanwhile is merged into the next one.
// So the detector lags the events by one evaluation (a few queries), not by a polling period.
let pending: MisuseInputs | null = null;
let running: Promise<void> | null = null;

export function scheduleMisuseCheck(events: MisuseEvent[]): void {
  const relevant = events.filter((e) => e.type === "accepted" || e.type === "rejected");
  if (relevant.length === 0) return;
  pending = inputsOf(relevant, pending ?? emptyInputs());
  if (!running) running = drain();
}

async function drain(): Promise<void> {
  // Let the ingest answer go out first.
  await new Promise((resolve) => setImmediate(resolve));
  try {
    while (pending) {
      const inputs = pending;
      pending = null;
      try {
        await evaluateMisuse({ inputs });
      } catch (error) {
        console.error("[misuse] evaluation failed:", (error as Error).message);
      }
    }
  } finally {
    running = null;
  }
}

// Resolves once every scheduled evaluation has run (tests, and shutdown).
export async function misuseChecksSettled(): Promise<void> {
  while (running) await running;
}
