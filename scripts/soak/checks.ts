import type { SinkMessage } from "@/relay/sink/sink-store";
import type { StoredEvent } from "./database";
import type { SenderPlan, SentMessage } from "./traffic";

// The soak's verdict, from what the clients saw, what the sink stored, what the relays spooled
// and what the database holds.
export const LIMIT_TOLERANCE = 1.01;
const MINUTE_MS = 60_000;

export interface MessageFigures {
  offered: number;
  accepted: number;
  refused: number;
  refusedBy: Record<string, number>;
  delivered: number;
  bounced: number;
  lost: number;
  duplicated: number;
  // Delivered again after a relay was killed with -9 at the instant the next hop had taken it but
  // before its queue file was gone: SMTP's own at-least-once window (no MTA closes it), counted
  // apart, and bounded by the deliveries in flight at the kill.
  repeatedAfterKill: number;
  // Refused as the client saw it (e.g. the connection broke after DATA) yet queued and delivered.
  deliveredAfterRefusal: number;
  lostIds: string[];
  duplicatedIds: string[];
}

export interface EventFigures {
  spooled: number;
  stored: number;
  missing: number;
  duplicated: number;
  setAside: number;
  // In the database but never seen in a spool segment: the archive missed a segment (a measuring
  // gap, reported, not a failure).
  notSeenInSpool: number;
  // Accepted messages without exactly one "accepted" event, or delivered ones without one "delivered".
  messagesWithoutTheirEvents: number;
  missingIds: string[];
}

export interface LimitFigures {
  sender: string;
  perMinute: number;
  offeredPerMinute: number;
  accepted: number;
  maxAcceptedInAMinute: number;
  allowed: number;
  ok: boolean;
}

const count = <T>(items: T[], key: (item: T) => string | null) => {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
};

const sample = (ids: string[]) => ids.slice(0, 20);

// A relay killed with -9 (name, when).
export interface Crash {
  relay: string;
  atMs: number;
}

// One copy before the kill and one after, through the killed relay: the kill's at-least-once window.
function repeatedByCrash(m: SentMessage, copies: SinkMessage[], crashes: Crash[]): boolean {
  const times = copies.map((c) => Date.parse(c.receivedAt)).sort((a, b) => a - b);
  return (
    copies.length === 2 &&
    crashes.some((crash) => crash.relay === m.relay && times[0] <= crash.atMs && times[1] > crash.atMs)
  );
}

export function checkMessages(
  sent: SentMessage[],
  sink: SinkMessage[],
  events: StoredEvent[],
  crashes: Crash[] = [],
): MessageFigures {
  const inSink = count(sink, (m) => m.messageId);
  const bouncedIds = new Set(events.filter((e) => e.type === "bounced").map((e) => e.messageId));
  const accepted = sent.filter((m) => m.accepted);
  const lostIds: string[] = [];
  const duplicatedIds: string[] = [];
  let repeatedAfterKill = 0;
  let bounced = 0;
  for (const m of accepted) {
    const copies = inSink.get(m.messageId) ?? 0;
    if (
      copies > 1 &&
      repeatedByCrash(
        m,
        sink.filter((c) => c.messageId === m.messageId),
        crashes,
      )
    )
      repeatedAfterKill++;
    else if (copies > 1) duplicatedIds.push(m.messageId);
    if (copies === 0 && bouncedIds.has(m.messageId)) bounced++;
    else if (copies === 0) lostIds.push(m.messageId);
  }
  const refused = sent.filter((m) => !m.accepted);
  const refusedBy: Record<string, number> = {};
  for (const m of refused) {
    const why = (m.why ?? "unknown").slice(0, 60);
    refusedBy[why] = (refusedBy[why] ?? 0) + 1;
  }
  return {
    offered: sent.length,
    accepted: accepted.length,
    refused: refused.length,
    refusedBy,
    delivered: accepted.filter((m) => (inSink.get(m.messageId) ?? 0) > 0).length,
    bounced,
    lost: lostIds.length,
    duplicated: duplicatedIds.length,
    repeatedAfterKill,
    deliveredAfterRefusal: refused.filter((m) => inSink.has(m.messageId)).length,
    lostIds: sample(lostIds),
    duplicatedIds: sample(duplicatedIds),
  };
}

// spooled: per relay id, the event ids its spool held; setAside: those it set aside for good.
export function checkEvents(
  spooled: Map<string, { ids: string[]; setAside: string[] }>,
  stored: StoredEvent[],
  sent: SentMessage[],
  sink: SinkMessage[],
): EventFigures {
  const rows = count(stored, (e) => `${e.source}\u0000${e.eventId}`);
  const spooledKeys = new Set<string>();
  const setAsideKeys = new Set<string>();
  for (const [relayId, seen] of spooled) {
    for (const id of seen.ids) spooledKeys.add(`relay:${relayId}\u0000${id}`);
    for (const id of seen.setAside) setAsideKeys.add(`relay:${relayId}\u0000${id}`);
  }
  const missingIds = [...spooledKeys].filter((k) => !rows.has(k) && !setAsideKeys.has(k));
  const relaySources = new Set([...spooled.keys()].map((id) => `relay:${id}`));
  const notSeen = [...rows.keys()].filter((k) => relaySources.has(k.split("\u0000")[0]) && !spooledKeys.has(k));
  const byType = (type: string) =>
    count(
      stored.filter((e) => e.type === type),
      (e) => e.messageId,
    );
  const acceptedEvents = byType("accepted");
  const deliveredEvents = byType("delivered");
  const inSink = new Set(sink.map((m) => m.messageId));
  const withoutEvents = sent.filter(
    (m) =>
      m.accepted &&
      (acceptedEvents.get(m.messageId) !== 1 || (inSink.has(m.messageId) && deliveredEvents.get(m.messageId) !== 1)),
  );
  return {
    spooled: spooledKeys.size,
    stored: stored.length,
    missing: missingIds.length,
    duplicated: [...rows.values()].filter((n) => n > 1).length,
    setAside: setAsideKeys.size,
    notSeenInSpool: notSeen.length,
    messagesWithoutTheirEvents: withoutEvents.length,
    missingIds: sample(missingIds.map((k) => k.replace("\u0000", " "))),
  };
}

// Accepted messages per UTC minute (the relays' window), by the time each was sent: a shared
// limit holds when no minute has more than limit × 1.01.
export function checkLimits(plans: SenderPlan[], sent: SentMessage[]): LimitFigures[] {
  return plans.map((plan) => {
    const accepted = sent.filter((m) => m.sender === plan.name && m.accepted);
    const perMinute = count(accepted, (m) => String(Math.floor(m.startedAt / MINUTE_MS)));
    const maxAcceptedInAMinute = Math.max(0, ...perMinute.values());
    const allowed = Math.floor(plan.perMinute * LIMIT_TOLERANCE);
    return {
      sender: plan.name,
      perMinute: plan.perMinute,
      offeredPerMinute: Math.round(plan.perSecond * 60),
      accepted: accepted.length,
      maxAcceptedInAMinute,
      allowed,
      ok: maxAcceptedInAMinute <= allowed,
    };
  });
}
