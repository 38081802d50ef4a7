import type { SenderStatus } from "@/db/schema/senders";
import type { Permission } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";

// The sender lifecycle as data:
//   requested → approved → active ⇄ suspended → retired,  requested → rejected,
//   and an approved sender that never went live may be retired directly.
export const SENDER_TRANSITIONS = {
  approve: { from: ["requested"], to: "approved", permission: "senders:approve", label: "Approve" },
  reject: { from: ["requested"], to: "rejected", permission: "senders:approve", label: "Reject" },
  activate: { from: ["approved"], to: "active", permission: "senders:lifecycle", label: "Activate" },
  suspend: { from: ["active"], to: "suspended", permission: "senders:lifecycle", label: "Suspend" },
  resume: { from: ["suspended"], to: "active", permission: "senders:lifecycle", label: "Resume" },
  retire: {
    from: ["active", "suspended", "approved"],
    to: "retired",
    permission: "senders:lifecycle",
    label: "Retire",
  },
} as const satisfies Record<
  string,
  { from: readonly SenderStatus[]; to: SenderStatus; permission: Permission; label: string }
>;

export type SenderTransition = keyof typeof SENDER_TRANSITIONS;
export type LifecycleAction = "activate" | "suspend" | "resume" | "retire";

// Statuses the relay snapshot carries (active senders are enforced, suspended ones refused with a
// reason): a transition into or out of this set, or between its members, changes what relays see.
export const RELAY_VISIBLE_STATUSES: readonly SenderStatus[] = ["active", "suspended"];

// Statuses in which details may still be edited (retired and rejected senders are history).
export const EDITABLE_STATUSES: readonly SenderStatus[] = ["requested", "approved", "active", "suspended"];

// Statuses past the first approval: widening edits wait for a second person (a change request).
// A requested sender is still awaiting its first decision, which sees every edit anyway.
export const FOUR_EYES_STATUSES: readonly SenderStatus[] = ["approved", "active", "suspended"];

export function canTransition(action: SenderTransition, status: SenderStatus): boolean {
  return (SENDER_TRANSITIONS[action].from as readonly SenderStatus[]).includes(status);
}

export function availableTransitions(status: SenderStatus): SenderTransition[] {
  return (Object.keys(SENDER_TRANSITIONS) as SenderTransition[]).filter((action) => canTransition(action, status));
}

export const TRANSITION_PAST_TENSE: Record<SenderTransition, string> = {
  approve: "approved",
  reject: "rejected",
  activate: "activated",
  suspend: "suspended",
  resume: "resumed",
  retire: "retired",
};

export function isRelayVisibleTransition(from: SenderStatus, to: SenderStatus): boolean {
  return RELAY_VISIBLE_STATUSES.includes(from) || RELAY_VISIBLE_STATUSES.includes(to);
}

// Throws conflict when the action is not allowed from the current status; returns the new status.
export function assertTransition(action: SenderTransition, status: SenderStatus): SenderStatus {
  const rule = SENDER_TRANSITIONS[action];
  if (!canTransition(action, status)) {
    const allowed = rule.from.join(" or ");
    throw new AppError(
      "conflict",
      `Cannot ${action} a sender that is ${status}: only a sender that is ${allowed} can be ${TRANSITION_PAST_TENSE[action]}.`,
    );
  }
  return rule.to;
}
