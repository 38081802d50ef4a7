import { eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { senders } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { SYSTEM_ACTOR } from "@/lib/audit/actor";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { type SenderReputation, senderReputation } from "./sender-reputation";

// After events arrive: judge each touched sender; a warning raises an alert, a suspension
// threshold raises a critical alert and (auto-suspend on) engages the sender's kill switch as
// "system", with the figures as the reason, so relays stop it like any other switch.
export async function evaluateReputation({
  senderIds,
  now = new Date(),
}: {
  senderIds: string[];
  now?: Date;
}): Promise<SenderReputation[]> {
  const out: SenderReputation[] = [];
  for (const senderId of new Set(senderIds)) {
    const [sender] = await getDb()
      .select({ id: senders.id, name: senders.name, status: senders.status })
      .from(senders)
      .where(eq(senders.id, senderId));
    if (!sender) continue;
    const reputation = await senderReputation(senderId, { now });
    out.push(reputation);
    if (reputation.level !== "warn" && reputation.level !== "suspend") continue;
    const figures = `${reputation.findings.join("; ")} over ${reputation.windowHours} h (${reputation.attempts.toLocaleString("en-US")} attempts)`;
    const detail = {
      sender: sender.name,
      bounceRatePct: reputation.bounceRatePct,
      complaintRatePct: reputation.complaintRatePct,
      attempts: reputation.attempts,
      windowHours: reputation.windowHours,
    };
    if (reputation.level === "warn") {
      await raiseAlert({
        kind: "reputation",
        severity: "warning",
        subjectType: "sender",
        subjectId: senderId,
        title: `${sender.name}: ${figures}`,
        detail,
        dedupeKey: `reputation:warn:${senderId}`,
      });
      continue;
    }
    const autoSuspend = reputation.thresholds.autoSuspend && sender.status === "active";
    const alreadyStopped = !!(await engagedKillSwitchFor("sender", senderId));
    await raiseAlert({
      kind: "reputation",
      severity: "critical",
      subjectType: "sender",
      subjectId: senderId,
      title: `${sender.name}: ${figures}${autoSuspend && !alreadyStopped ? " — kill switch engaged automatically" : ""}`,
      detail: { ...detail, autoSuspend },
      dedupeKey: `reputation:suspend:${senderId}`,
    });
    if (autoSuspend && !alreadyStopped) {
      await engageKillSwitch({
        actor: { ...SYSTEM_ACTOR, label: "system (reputation)" },
        input: { scope: "sender", targetId: senderId, reason: `Auto-suspended: ${figures}` },
      }).catch((error) => {
        // Engaged concurrently by another evaluation: the switch is on either way.
        if ((error as { code?: string }).code !== "conflict") throw error;
      });
    }
  }
  return out;
}
