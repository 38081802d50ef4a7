// The snapshot cannot be built for a reason an operator must fix (a DKIM private key that no
// longer opens, e.g. SWITCHYARD_SECRET changed): relays are answered 503 naming the cause and
// keep their last good snapshot; an alert is raised (lib/policy/snapshot-cache.ts).
export class SnapshotUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SnapshotUnavailableError";
  }
}

export const SNAPSHOT_ALERT_KEY = "policy_snapshot:unbuildable";
