import { evaluateReputation } from "./evaluate-reputation";

// Judging a sender costs a few rollup queries: after ingest, each sender is judged at most once
// per interval per process, except that bounces and complaints are always judged at once.
const INTERVAL_MS = 10_000;
const lastJudged = new Map<string, number>();

export async function evaluateAfterIngest(events: { senderId: string | null; type: string }[], now = Date.now()): Promise<void> {
  const due = new Set<string>();
  for (const e of events) {
    if (!e.senderId) continue;
    const urgent = e.type === "bounced" || e.type === "complained";
    if (urgent || now - (lastJudged.get(e.senderId) ?? 0) >= INTERVAL_MS) due.add(e.senderId);
  }
  if (due.size === 0) return;
  for (const id of due) lastJudged.set(id, now);
  try {
    await evaluateReputation({ senderIds: [...due] });
  } catch (error) {
    console.error("[reputation] evaluation failed:", (error as Error).message);
  }
}
