import { getDb } from "@/db/client";
import { type MisuseReaction, type MisuseRule, misuseDetections } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { type Actor, SYSTEM_ACTOR } from "@/lib/audit/actor";
import { engageKillSwitch } from "@/lib/kill-switch/engage-kill-switch";
import { engagedKillSwitchFor } from "@/lib/kill-switch/list-kill-switches";
import { detectionWindowStart } from "./detected-this-hour";
import { misuseReactionsFor } from "./misuse-reactions";

export const DETECTOR_ACTOR: Actor = { ...SYSTEM_ACTOR, label: "system (detector)" };

export interface Detection {
  senderId: string;
  senderName: string;
  rule: MisuseRule;
  // What the condition is about within the sender: "" (the sender's volume), a credential and
  // network, a username.
  subject: string;
  value: number;
  // The baseline as the alert states it ("usual 40/h").
  baseline: string;
  // The whole sentence, with the sender's name, the value and the baseline.
  title: string;
  detail: Record<string, unknown>;
  // What auto-suspend stops: the sender, or one credential.
  target: { scope: "sender" | "credential"; id: string };
}

export interface Reaction {
  detection: Detection;
  reaction: MisuseReaction;
  engaged: boolean;
}

// One detection per (sender, rule, subject) and clock hour: the insert claims it, so a condition
// that lasts (or is seen by several replicas) raises one alert and engages the switch once. On
// "suspend" the switch is engaged by "system (detector)" with the figures as its reason, unless
// one is already engaged on that target.
export async function reactToDetection(detection: Detection, now: Date): Promise<Reaction | null> {
  const windowStart = detectionWindowStart(now);
  const reaction = (await misuseReactionsFor(detection.senderId))[detection.rule];
  const claimed = await getDb()
    .insert(misuseDetections)
    .values({
      senderId: detection.senderId,
      rule: detection.rule,
      subject: detection.subject,
      windowStart,
      detectedAt: now,
      value: detection.value,
      baseline: detection.baseline,
      reaction,
    })
    .onConflictDoNothing()
    .returning({ senderId: misuseDetections.senderId });
  if (claimed.length === 0) return null;
  let engaged = false;
  if (reaction === "suspend" && !(await engagedKillSwitchFor(detection.target.scope, detection.target.id))) {
    engaged = await engageKillSwitch({
      actor: DETECTOR_ACTOR,
      input: {
        scope: detection.target.scope,
        targetId: detection.target.id,
        reason: `Auto-suspended by misuse detection: ${detection.title}`.slice(0, 500),
      },
    }).then(
      () => true,
      (error) => {
        // Engaged concurrently (another replica, a person): the switch is on either way.
        if ((error as { code?: string }).code !== "conflict") throw error;
        return false;
      },
    );
  }
  const stopped = detection.target.scope === "sender" ? "sender" : "credential";
  await raiseAlert({
    kind: "misuse",
    severity: reaction === "suspend" ? "critical" : "warning",
    subjectType: "sender",
    subjectId: detection.senderId,
    title: `${detection.title}${engaged ? ` — ${stopped} kill switch engaged automatically` : ""}`,
    detail: {
      ...detection.detail,
      rule: detection.rule,
      value: detection.value,
      baseline: detection.baseline,
      reaction,
    },
    dedupeKey: `misuse:${detection.rule}:${detection.senderId}:${detection.subject}:${windowStart.toISOString()}`,
  });
  return { detection, reaction, engaged };
}
