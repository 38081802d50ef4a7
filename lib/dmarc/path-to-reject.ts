import type { Finding } from "@/lib/posture/finding";
import type { SourceRow } from "./list-sources";

// The checklist between a domain and p=reject: each item green means one less way for the
// domain's own mail to be rejected once the policy is enforced.
export const LEGITIMATE_PASS_MIN_PCT = 98;

export type ChecklistState = "done" | "todo" | "pending";

export interface ChecklistItem {
  id: "spf" | "dkim" | "dmarc-record" | "legitimate-pass" | "sources-reviewed" | "policy";
  label: string;
  state: ChecklistState;
  detail: string;
}

export interface PathToReject {
  items: ChecklistItem[];
  // Every item before the policy itself is done: p=reject can be published safely.
  ready: boolean;
  policy: string | null;
}

const pct = (part: number, total: number) => (total ? (part / total) * 100 : 0);

function dnsItem(id: "spf" | "dkim", label: string, findings: Finding[] | null, area: "spf" | "dkim"): ChecklistItem {
  if (!findings) return { id, label, state: "pending", detail: "No DNS check yet: run one." };
  const bad = findings.filter((f) => f.area === area && f.severity === "critical");
  return bad.length
    ? { id, label, state: "todo", detail: bad.map((f) => f.title).join("; ") }
    : { id, label, state: "done", detail: "No critical finding." };
}

export function pathToReject({
  findings,
  sources,
  hasReports,
}: {
  findings: Finding[] | null;
  sources: readonly SourceRow[];
  hasReports: boolean;
}): PathToReject {
  const items: ChecklistItem[] = [
    dnsItem("spf", "SPF is valid and authorizes the relay", findings, "spf"),
    dnsItem("dkim", "DKIM keys are published and match", findings, "dkim"),
  ];

  const dmarcBad = findings?.filter(
    (f) => f.area === "dmarc" && (f.severity === "critical" || (f.id === "dmarc.rua" && f.severity === "warning")),
  );
  items.push(
    !findings
      ? {
          id: "dmarc-record",
          label: "DMARC record published with a report address",
          state: "pending",
          detail: "No DNS check yet: run one.",
        }
      : dmarcBad?.length
        ? {
            id: "dmarc-record",
            label: "DMARC record published with a report address",
            state: "todo",
            detail: dmarcBad.map((f) => f.title).join("; "),
          }
        : {
            id: "dmarc-record",
            label: "DMARC record published with a report address",
            state: "done",
            detail: "Receivers send aggregate reports.",
          },
  );

  const legitimate = sources.filter((s) => s.classification.kind === "relay" || s.classification.kind === "sender");
  const failing = legitimate.filter((s) => pct(s.dmarcPass, s.messages) < LEGITIMATE_PASS_MIN_PCT);
  const legitLabel = "Every legitimate source passes DMARC (aligned SPF or DKIM)";
  items.push(
    !hasReports || legitimate.length === 0
      ? {
          id: "legitimate-pass",
          label: legitLabel,
          state: "pending",
          detail: hasReports
            ? "No mail from the relay or registered senders in the reports yet."
            : "No aggregate reports yet.",
        }
      : failing.length
        ? {
            id: "legitimate-pass",
            label: legitLabel,
            state: "todo",
            detail: failing
              .map((s) => `${s.classification.label} (${s.sourceIp}): ${pct(s.dmarcPass, s.messages).toFixed(1)}% pass`)
              .join("; "),
          }
        : {
            id: "legitimate-pass",
            label: legitLabel,
            state: "done",
            detail: `${legitimate.length} source(s), each at least ${LEGITIMATE_PASS_MIN_PCT}% passing.`,
          },
  );

  // Unregistered mail that fails DMARC today is what p=reject would throw away.
  const unreviewed = sources.filter(
    (s) =>
      (s.classification.kind === "unknown" || s.classification.kind === "provider") &&
      !s.mark &&
      s.dmarcPass < s.messages,
  );
  const reviewLabel = "Every source failing DMARC is registered or marked as spoofing";
  items.push(
    !hasReports
      ? { id: "sources-reviewed", label: reviewLabel, state: "pending", detail: "No aggregate reports yet." }
      : unreviewed.length
        ? {
            id: "sources-reviewed",
            label: reviewLabel,
            state: "todo",
            detail: `${unreviewed.length} to review: ${unreviewed
              .slice(0, 5)
              .map((s) => `${s.sourceIp} (${s.classification.label})`)
              .join(", ")}${unreviewed.length > 5 ? ", …" : ""}`,
          }
        : { id: "sources-reviewed", label: reviewLabel, state: "done", detail: "Nothing unexplained." },
  );

  const policyFinding = findings?.find((f) => f.id === "dmarc.policy");
  const policy = typeof policyFinding?.data?.p === "string" ? policyFinding.data.p : null;
  const ready = items.every((i) => i.state === "done");
  items.push({
    id: "policy",
    label: "DMARC policy is p=reject",
    state: policy === "reject" ? "done" : findings ? "todo" : "pending",
    detail:
      policy === "reject"
        ? "Mail that fails DMARC is refused."
        : policy
          ? `Current policy: p=${policy}. ${ready ? "Everything above is green: publish p=quarantine, then p=reject." : "Finish the items above first."}`
          : "No valid DMARC policy published.",
  });
  return { items, ready, policy };
}
