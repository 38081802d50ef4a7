// The content engine's plain shapes (issue 13): what the control plane sends in the policy
// snapshot and what a scan answers. The engine's JS modules take exactly these objects.

export type DlpDetector = "card" | "iban" | "regex" | "keywords";
export type DlpAction = "reject" | "quarantine" | "tag" | "require_tls";

/** Keywords that must occur within `within` characters of a match for it to count. */
export interface NearRule {
  keywords: string[];
  within: number;
}

export interface DlpRule {
  id: string;
  name: string;
  detector: DlpDetector;
  /** detector 'regex': JS syntax, flags a subset of 'i', 'm', 's', 'u' */
  pattern?: string;
  flags?: string;
  /** detector 'keywords': case-insensitive, whole words */
  keywords?: string[];
  /** matches needed across the whole message (>= 1) */
  minCount: number;
  near?: NearRule | null;
  action: DlpAction;
}

/** Where a scanned text came from: 'subject', 'text', 'html' (as text) or 'attachment:<name>'. */
export type Where = string;

export interface Segment {
  where: Where;
  text: string;
}

/** A match: [start, end) in its segment's text. */
export interface Span {
  start: number;
  end: number;
}

/** How a match is shown: 'last4' keeps the last four letters or digits, 'full' masks all. */
export type MaskStyle = "last4" | "full";

export interface MaskedSpan extends Span {
  mask: MaskStyle;
}

export interface Sample {
  redacted: string;
  context: string;
}

export interface Finding {
  kind: "dlp" | "attachment" | "virus" | "spam";
  ruleId?: string;
  ruleName: string;
  action: string;
  where: Where;
  count: number;
  samples: Sample[];
}

/** A rule the engine could not run (bad pattern, time bound hit): the caller decides (fail-closed). */
export interface RuleError {
  ruleId: string;
  ruleName: string;
  message: string;
}

export interface ScanResult {
  findings: Finding[];
  errors: RuleError[];
}

export interface ScanOptions {
  /** wall-clock bound for all custom regular expressions of one message together (ms) */
  timeBudgetMs?: number;
}
