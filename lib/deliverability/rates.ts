// Outcome counts and the rates derived from them. Rates are per recipient attempt that reached a
// final state: delivery = delivered / (delivered + bounced), bounce = bounced / (delivered +
// bounced), complaint = complained / delivered. null when there is nothing to divide by.
export const OUTCOMES = ["accepted", "rejected", "delivered", "deferred", "bounced", "complained"] as const;
export type Outcome = (typeof OUTCOMES)[number];
export type OutcomeCounts = Record<Outcome, number>;

export const emptyCounts = (): OutcomeCounts => ({
  accepted: 0,
  rejected: 0,
  delivered: 0,
  deferred: 0,
  bounced: 0,
  complained: 0,
});

export interface Rates {
  deliveryRate: number | null;
  bounceRate: number | null;
  complaintRate: number | null;
}

export function ratesOf(counts: Pick<OutcomeCounts, "delivered" | "bounced" | "complained">): Rates {
  const attempts = counts.delivered + counts.bounced;
  return {
    deliveryRate: attempts ? counts.delivered / attempts : null,
    bounceRate: attempts ? counts.bounced / attempts : null,
    complaintRate: counts.delivered ? counts.complained / counts.delivered : null,
  };
}
