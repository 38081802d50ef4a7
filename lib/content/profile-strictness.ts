import { asc, inArray } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type ContentProfile, contentProfiles, type DlpRule, dlpRules } from "@/db/schema";

type Action = DlpRule["action"];
// How firmly an action stops a message: a refusal over a hold over delivery only over TLS over a tag.
const STRENGTH: Record<Action, number> = { tag: 0, require_tls: 1, quarantine: 2, reject: 3 };
const atLeast = (a: Action, b: Action) => STRENGTH[a] >= STRENGTH[b];

export type CheckedProfile = ContentProfile & { rules: DlpRule[] };

const lower = (list: string[]) => list.map((s) => s.toLowerCase());
const superset = (big: string[], small: string[]) => {
  const have = new Set(lower(big));
  return lower(small).every((s) => have.has(s));
};

// Whether rule `s` catches at least what rule `r` catches, at least as firmly.
function covers(s: DlpRule, r: DlpRule): boolean {
  if (s.detector !== r.detector || s.minCount > r.minCount || !atLeast(s.action, r.action)) return false;
  if (r.detector === "regex" && (s.pattern !== r.pattern || s.flags !== r.flags)) return false;
  if (r.detector === "keywords" && !superset(s.keywords, r.keywords)) return false;
  if (s.nearKeywords.length === 0) return true;
  return r.nearKeywords.length > 0 && superset(s.nearKeywords, r.nearKeywords) && s.nearWithin >= r.nearWithin;
}

// Whether `to` checks at least everything `from` checks, at least as firmly. Only what can be
// shown to be so counts: anything else (a rule without a matching one, a scanner off, a higher
// spam score, accepting unscanned mail, an attachment rule dropped) means fewer checks.
export function checksAtLeast(to: CheckedProfile | null, from: CheckedProfile | null): boolean {
  if (!from) return true;
  if (!to) return false;
  if (from.virusScan && !to.virusScan) return false;
  if (from.spamScan && (!to.spamScan || to.spamScore > from.spamScore || !atLeast(to.spamAction, from.spamAction)))
    return false;
  if (to.onScannerFailure === "accept" && (from.onScannerFailure === "defer" || to.maxScanBytes < from.maxScanBytes))
    return false;
  const [a, b] = [from.attachmentRules, to.attachmentRules];
  if (!superset(b.blockedExtensions, a.blockedExtensions) || !superset(b.blockedTypes, a.blockedTypes)) return false;
  if (a.maxAttachmentBytes !== null && (b.maxAttachmentBytes === null || b.maxAttachmentBytes > a.maxAttachmentBytes))
    return false;
  if ((a.scanArchives && !b.scanArchives) || !atLeast(b.action, a.action)) return false;
  const enabled = (p: CheckedProfile) => p.rules.filter((r) => r.enabled);
  return enabled(from).every((r) => enabled(to).some((s) => covers(s, r)));
}

async function loadChecked(db: Executor, ids: string[]): Promise<Map<string, CheckedProfile>> {
  if (ids.length === 0) return new Map();
  const [profiles, rules] = await Promise.all([
    db.select().from(contentProfiles).where(inArray(contentProfiles.id, ids)),
    db.select().from(dlpRules).where(inArray(dlpRules.profileId, ids)).orderBy(asc(dlpRules.position)),
  ]);
  return new Map(profiles.map((p) => [p.id, { ...p, rules: rules.filter((r) => r.profileId === p.id) }]));
}

// Moving a sender from one profile to another (ids as they take effect; null: none) loses checks:
// four-eyes treats that as widening what the sender may send.
export async function profileChangeWidens(db: Executor, fromId: string | null, toId: string | null): Promise<boolean> {
  if (fromId === toId) return false;
  const checked = await loadChecked(
    db,
    [fromId, toId].filter((id): id is string => !!id),
  );
  const get = (id: string | null) => (id ? (checked.get(id) ?? null) : null);
  return !checksAtLeast(get(toId), get(fromId));
}
