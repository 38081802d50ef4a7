import { evaluateReputation } from "./evaluate-reputation";

// Judging a sender costs a few rollup queries, so it runs after the ingest transaction commits,
// off the relay's request, one evaluation at a time: senders touched meanwhile are collected and
// judged together in the next one. A sender is judged at most once per interval per process,
// except that bounces and complaints always get it judged (in the next evaluation).
const INTERVAL_MS = 10_000;
const lastJudged = new Map<string, number>();
const pending = new Set<string>();
let running: Promise<void> | null = null;

export function scheduleReputationCheck(events: { senderId: string | null; type: string }[], now = Date.now()): void {
  for (const e of events) {
    if (!e.senderId || pending.has(e.senderId)) continue;
    const urgent = e.type === "bounced" || e.type === "complained";
    if (urgent || now - (lastJudged.get(e.senderId) ?? 0) >= INTERVAL_MS) {
      pending.add(e.senderId);
      lastJudged.set(e.senderId, now);
    }
  }
  if (pending.size > 0 && !running) running = drain();
}

async function drain(): Promise<void> {
  // Let the ingest answer go out first.
  await new Promise((resolve) => setImmediate(resolve));
  try {
    while (pending.size > 0) {
      const senderIds = [...pending];
      pending.clear();
      try {
        await evaluateReputation({ senderIds });
      } catch (error) {
        console.error("[reputation] evaluation failed:", (error as Error).message);
      }
    }
  } finally {
    running = null;
  }
}

// Resolves once every scheduled check has run (tests, and shutdown).
export async function reputationChecksSettled(): Promise<void> {
  while (running) await running;
}
