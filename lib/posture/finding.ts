// One result of a DNS health check, in plain language, with the fix (and the exact record to
// publish where there is one). Stored as jsonb in dns_checks.findings.
export type FindingArea = "spf" | "dkim" | "dmarc";
export type FindingSeverity = "ok" | "info" | "warning" | "critical";
export type PostureStatus = "ok" | "warning" | "critical";

export interface Finding {
  // Stable per condition (e.g. "spf.lookups", "dkim.missing:sy2025a"): the UI keys and tests use it.
  id: string;
  area: FindingArea;
  severity: FindingSeverity;
  title: string;
  // What to do about it; null when nothing needs doing.
  fix: string | null;
  // The TXT record to publish (or publish instead), when the fix is a record.
  record?: { name: string; value: string };
  // Machine-readable facts behind the finding (e.g. the DMARC policy), for the checklist.
  data?: Record<string, string | number | boolean | null>;
}

const RANK: Record<FindingSeverity, number> = { ok: 0, info: 1, warning: 2, critical: 3 };

// Info findings are advice: they leave a domain "ok".
export function worstStatus(findings: readonly Finding[]): PostureStatus {
  const worst = Math.max(0, ...findings.map((f) => RANK[f.severity]));
  return worst === 3 ? "critical" : worst === 2 ? "warning" : "ok";
}

export function finding(
  area: FindingArea,
  id: string,
  severity: FindingSeverity,
  title: string,
  fix: string | null = null,
  record?: Finding["record"],
): Finding {
  return { id: `${area}.${id}`, area, severity, title, fix, ...(record ? { record } : {}) };
}

// Findings sorted worst first, then by area, for display.
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const order: FindingArea[] = ["spf", "dkim", "dmarc"];
  return [...findings].sort(
    (a, b) => RANK[b.severity] - RANK[a.severity] || order.indexOf(a.area) - order.indexOf(b.area),
  );
}
