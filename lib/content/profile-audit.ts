import type { ContentProfile, DlpRule } from "@/db/schema";

// What the audit log records of a profile: every field that changes what relays do.
export function profileAuditSnapshot(profile: ContentProfile) {
  return {
    name: profile.name,
    description: profile.description,
    virusScan: profile.virusScan,
    spamScan: profile.spamScan,
    spamScore: profile.spamScore,
    spamAction: profile.spamAction,
    maxScanBytes: profile.maxScanBytes,
    onScannerFailure: profile.onScannerFailure,
    attachmentRules: profile.attachmentRules,
    defaultForInternal: profile.defaultForInternal,
    defaultForSaas: profile.defaultForSaas,
  };
}

export type ProfileAuditSnapshot = ReturnType<typeof profileAuditSnapshot>;

// The fields of `after` that differ from `before` (JSON-equal), each side with only those.
export function changedFields<T extends Record<string, unknown>>(before: T, after: T) {
  const keys = (Object.keys(after) as (keyof T)[]).filter(
    (k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
  return {
    keys,
    before: Object.fromEntries(keys.map((k) => [k, before[k]])) as Partial<T>,
    after: Object.fromEntries(keys.map((k) => [k, after[k]])) as Partial<T>,
  };
}

// A DLP rule as the audit log records it (never a sample: rules hold no message data).
export function ruleAuditSnapshot(rule: DlpRule) {
  return {
    ruleId: rule.id,
    name: rule.name,
    detector: rule.detector,
    pattern: rule.pattern,
    flags: rule.flags,
    keywords: rule.keywords,
    minCount: rule.minCount,
    nearKeywords: rule.nearKeywords,
    nearWithin: rule.nearWithin,
    action: rule.action,
    enabled: rule.enabled,
    position: rule.position,
  };
}
