import { MisuseReactionSelect } from "@/app/(dashboard)/senders/[id]/_components/misuse-reaction-select";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { MISUSE_RULES, type MisuseRule } from "@/db/schema";
import { can } from "@/lib/auth/permissions";
import type { Role } from "@/lib/auth/roles";
import { BURST_THRESHOLD } from "@/lib/misuse/baseline";
import { recentDetections } from "@/lib/misuse/list-detections";
import { misuseReactionsFor, RULE_LABELS, RULE_SWITCH } from "@/lib/misuse/misuse-reactions";

const RULE_HELP: Record<MisuseRule, string> = {
  volume_spike:
    "Last hour's messages above 5× the usual hourly volume (the higher of the last 24 hours' mean and the same hour's median over 7 days) and above the floor.",
  new_source:
    "A credential used from a /24 (IPv4) or /64 (IPv6) it was never used from, once it has learned its networks.",
  auth_failures: `${BURST_THRESHOLD} or more failed AUTH attempts for one of this sender's usernames within 5 minutes.`,
  rejected_from: `${BURST_THRESHOLD} or more messages refused for a From address not allowed within 5 minutes.`,
};

// The four misuse rules of a sender, each with its reaction (security and admins may change it)
// and the latest detections.
export async function MisuseDetectionCard({ senderId, role }: { senderId: string; role: Role }) {
  const [reactions, detections] = await Promise.all([misuseReactionsFor(senderId), recentDetections(senderId)]);
  const mayChange = can(role, "kill_switch:engage");
  return (
    <Card className="mt-4" data-testid="misuse-detection">
      <CardHeader
        title="Misuse detection"
        description="Judged against this sender's own history as events arrive; each detection raises an alert showing the value and the usual level."
      />
      <ul className="divide-y divide-slate-200 dark:divide-slate-800">
        {MISUSE_RULES.map((rule) => (
          <li key={rule} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium">{RULE_LABELS[rule]}</p>
              <p className="text-xs text-slate-500">{RULE_HELP[rule]}</p>
            </div>
            {mayChange ? (
              <MisuseReactionSelect
                senderId={senderId}
                rule={rule}
                label={RULE_LABELS[rule]}
                reaction={reactions[rule]}
                stops={RULE_SWITCH[rule]}
              />
            ) : (
              <Badge tone={reactions[rule] === "suspend" ? "red" : "neutral"}>
                {reactions[rule] === "suspend" ? `Alert and suspend the ${RULE_SWITCH[rule]}` : "Alert only"}
              </Badge>
            )}
          </li>
        ))}
      </ul>
      {detections.length > 0 ? (
        <div
          className="border-t border-slate-200 px-4 py-3 text-xs dark:border-slate-800"
          data-testid="misuse-detections"
        >
          <p className="mb-1 font-medium">Latest detections</p>
          <ul className="space-y-1">
            {detections.map((d) => (
              <li key={`${d.rule}-${d.subject}-${d.windowStart.toISOString()}`}>
                <LocalTime value={d.detectedAt} /> — {RULE_LABELS[d.rule]}: {d.value.toLocaleString("en-US")} (
                {d.baseline}){d.reaction === "suspend" ? " — suspended" : ""}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
