import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { RelayHealth } from "@/lib/relays/relay-view";

// The process's Prometheus metrics (GET /api/metrics). Kept on globalThis: Next reloads modules
// (dev, several route bundles), and registering a metric name twice would throw.

export const RELAY_HEALTHS: RelayHealth[] = ["healthy", "stale", "offline", "revoked"];
export const INGEST_DURATION_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Read on each scrape; replaced in tests. Both come from the database (relays) or the policy
// watcher (version), so the gauges are right on every replica, not only the one that changed it.
export interface ScrapeSources {
  policyVersion: () => Promise<number>;
  relayHealthCounts: () => Promise<Partial<Record<RelayHealth, number>>>;
}

const defaultSources: ScrapeSources = {
  policyVersion: async () => (await import("@/lib/policy/policy-changes")).knownPolicyVersion(),
  relayHealthCounts: async () => {
    const { listRelays } = await import("@/lib/relays/list-relays");
    const counts: Partial<Record<RelayHealth, number>> = {};
    for (const relay of (await listRelays()).relays) counts[relay.health] = (counts[relay.health] ?? 0) + 1;
    return counts;
  },
};

export interface Metrics {
  registry: Registry;
  sources: ScrapeSources;
  eventsIngested: Counter<"outcome">;
  eventsDiscarded: Counter<"reason">;
  eventBatches: Counter<"result">;
  ingestDuration: Histogram;
  policyPolls: Counter<"result">;
  complaints: Counter<"result">;
  quarantineReports: Counter<"result">;
  policyVersion: Gauge;
  relays: Gauge<"health">;
  scrapeErrors: Counter<"source">;
}

function create(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    sources: { ...defaultSources },
    scrapeErrors: new Counter({
      name: "switchyard_scrape_errors_total",
      help: "Scrape-time gauges that could not be read (database unreachable…)",
      labelNames: ["source"] as const,
      registers: [registry],
    }),
    eventsIngested: new Counter({
      name: "switchyard_events_ingested_total",
      help: "Delivery events stored from relays (new ones only, retries not counted), by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    eventsDiscarded: new Counter({
      name: "switchyard_events_discarded_total",
      help: "Delivery events received but not stored: duplicate (retried) or invalid",
      labelNames: ["reason"] as const,
      registers: [registry],
    }),
    eventBatches: new Counter({
      name: "switchyard_event_batches_total",
      help: "Event batches posted by relays, by result (ok, partial, invalid, error)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    ingestDuration: new Histogram({
      name: "switchyard_ingest_duration_seconds",
      help: "Time to validate and store one event batch",
      buckets: INGEST_DURATION_BUCKETS_S,
      registers: [registry],
    }),
    policyPolls: new Counter({
      name: "switchyard_policy_polls_total",
      help: "Policy polls by relays, by answer (200, 304, error)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    complaints: new Counter({
      name: "switchyard_complaints_total",
      help: "Feedback-loop (ARF) reports received, by result (recorded, duplicate, invalid)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    quarantineReports: new Counter({
      name: "switchyard_quarantine_reports_total",
      help: "Held messages reported by relays, by result (recorded, duplicate)",
      labelNames: ["result"] as const,
      registers: [registry],
    }),
    policyVersion: new Gauge({
      name: "switchyard_policy_version",
      help: "Current policy version as this instance knows it",
      registers: [registry],
    }),
    relays: new Gauge({
      name: "switchyard_relays",
      help: "Registered relays by health (healthy: heartbeat within 15 s, stale: within 60 s)",
      labelNames: ["health"] as const,
      registers: [registry],
    }),
  };
}

const store = globalThis as typeof globalThis & { __switchyardMetrics?: Metrics };

export function metrics(): Metrics {
  store.__switchyardMetrics ??= create();
  return store.__switchyardMetrics;
}

// Reads the scrape-time gauges, then renders. A source that fails leaves its gauge at the last
// value and is counted in switchyard_scrape_errors_total, so one bad source never fails a scrape.
export async function renderMetrics(): Promise<string> {
  const m = metrics();
  const [version, relays] = await Promise.allSettled([m.sources.policyVersion(), m.sources.relayHealthCounts()]);
  if (version.status === "fulfilled") m.policyVersion.set(version.value);
  else m.scrapeErrors.inc({ source: "policy_version" });
  if (relays.status === "fulfilled")
    for (const health of RELAY_HEALTHS) m.relays.set({ health }, relays.value[health] ?? 0);
  else m.scrapeErrors.inc({ source: "relays" });
  return m.registry.metrics();
}
