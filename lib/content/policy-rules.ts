import type { z } from "zod";
import type { ContentProfile, DlpRule } from "@/db/schema";
import type { PolicyContentProfile, policyDlpRuleSchema } from "@/lib/relay-contract/schemas";

export type PolicyDlpRule = z.infer<typeof policyDlpRuleSchema>;

// A stored rule in the shape the relay's DLP engine scans with (the dry run uses the same).
export function toPolicyRule(rule: DlpRule): PolicyDlpRule {
  return {
    id: rule.id,
    name: rule.name,
    detector: rule.detector,
    ...(rule.detector === "regex" ? { pattern: rule.pattern ?? "", flags: rule.flags } : {}),
    ...(rule.detector === "keywords" ? { keywords: rule.keywords } : {}),
    minCount: rule.minCount,
    near: rule.nearKeywords.length ? { keywords: rule.nearKeywords, within: rule.nearWithin } : null,
    action: rule.action,
  };
}

// A profile as relays receive it: only its enabled rules, in order.
export function toPolicyProfile(profile: ContentProfile, rules: DlpRule[]): PolicyContentProfile {
  return {
    id: profile.id,
    name: profile.name,
    virusScan: profile.virusScan,
    spamScan: profile.spamScan,
    spamScore: profile.spamScore,
    // A check constraint keeps require_tls out of spamAction.
    spamAction: profile.spamAction as PolicyContentProfile["spamAction"],
    maxScanBytes: profile.maxScanBytes,
    onScannerFailure: profile.onScannerFailure,
    attachments: profile.attachmentRules,
    dlpRules: rules.filter((r) => r.profileId === profile.id && r.enabled).map(toPolicyRule),
  };
}
