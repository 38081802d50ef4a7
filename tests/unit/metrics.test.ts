// The Prometheus registry: one per process however often modules reload, every metric the
// operations dashboards need, scrape-time gauges that survive a failing source, and the token check.
import { createHash } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { checkMetricsToken } from "@/lib/server/metrics/metrics-auth";
import {
  countComplaint,
  countPolicyPoll,
  observeEventBatch,
  observeEventBatchError,
} from "@/lib/server/metrics/record-metrics";
import { metrics, renderMetrics } from "@/lib/server/metrics/registry";

const m = metrics();
const originalSources = { ...m.sources };
m.sources.policyVersion = async () => 42;
m.sources.relayHealthCounts = async () => ({ healthy: 2, offline: 1 });

afterEach(() => {
  m.sources.policyVersion = async () => 42;
  m.sources.relayHealthCounts = async () => ({ healthy: 2, offline: 1 });
});

// The value of one series (name plus labels exactly as rendered), 0 when absent.
const sample = async (series: string) => {
  const line = (await renderMetrics()).split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
};

describe("metrics registry", () => {
  it("is one registry per process, kept on globalThis", async () => {
    expect(metrics()).toBe(m);
    expect(originalSources.policyVersion).toBeTypeOf("function");
    // A second instance of the module (as Next's reloads make) must find the same registry.
    const reloaded = "@/lib/server/metrics/registry?reload";
    const fresh = (await import(/* @vite-ignore */ reloaded)) as typeof import("@/lib/server/metrics/registry");
    expect(fresh.metrics).not.toBe(metrics);
    expect(fresh.metrics()).toBe(m);
  });

  it("renders every metric name in the Prometheus text format, with scrape-time gauges", async () => {
    countPolicyPoll("304");
    countComplaint("recorded");
    const text = await renderMetrics();
    for (const name of [
      "switchyard_events_ingested_total",
      "switchyard_event_batches_total",
      "switchyard_events_discarded_total",
      "switchyard_ingest_duration_seconds_bucket",
      "switchyard_policy_polls_total",
      "switchyard_complaints_total",
      "process_cpu_user_seconds_total",
      "nodejs_eventloop_lag_seconds",
    ]) {
      expect(text, name).toContain(`# TYPE ${name.replace(/_bucket$/, "")} `);
    }
    expect(text).toMatch(/^switchyard_policy_version 42$/m);
    expect(text).toMatch(/^switchyard_relays\{health="healthy"\} 2$/m);
    expect(text).toMatch(/^switchyard_relays\{health="offline"\} 1$/m);
    expect(text).toMatch(/^switchyard_relays\{health="stale"\} 0$/m);
    expect(text).toMatch(/^switchyard_policy_polls_total\{result="304"\} 1$/m);
    expect(m.registry.contentType).toContain("text/plain");
  });

  it("counts a batch's new events by outcome, duplicates and invalid events apart, and its duration", async () => {
    const before = {
      delivered: await sample('switchyard_events_ingested_total{outcome="delivered"}'),
      count: await sample("switchyard_ingest_duration_seconds_count"),
    };
    observeEventBatch(
      {
        accepted: 3,
        duplicates: 2,
        invalid: [{ index: 5, id: null, errors: {} }],
        outcomes: { delivered: 2, bounced: 1 },
      },
      0.02,
    );
    observeEventBatch({ accepted: 1, duplicates: 0, invalid: [], outcomes: { delivered: 1 } }, 0.01);
    observeEventBatchError(new AppError("payload_too_large", "too big"), 0.001);
    observeEventBatchError(new Error("database down"), 0.5);
    expect(await sample('switchyard_events_ingested_total{outcome="delivered"}')).toBe(before.delivered + 3);
    expect(await sample('switchyard_events_ingested_total{outcome="bounced"}')).toBe(1);
    expect(await sample('switchyard_events_discarded_total{reason="duplicate"}')).toBe(2);
    expect(await sample('switchyard_events_discarded_total{reason="invalid"}')).toBe(1);
    expect(await sample('switchyard_event_batches_total{result="partial"}')).toBe(1);
    expect(await sample('switchyard_event_batches_total{result="ok"}')).toBe(1);
    expect(await sample('switchyard_event_batches_total{result="invalid"}')).toBe(1);
    expect(await sample('switchyard_event_batches_total{result="error"}')).toBe(1);
    expect(await sample("switchyard_ingest_duration_seconds_count")).toBe(before.count + 4);
    expect(await sample('switchyard_ingest_duration_seconds_bucket{le="0.01"}')).toBeGreaterThanOrEqual(2);
  });

  it("still renders when a scrape-time source fails, and counts the failure", async () => {
    m.sources.relayHealthCounts = async () => {
      throw new Error("database unreachable");
    };
    const text = await renderMetrics();
    expect(text).toMatch(/^switchyard_policy_version 42$/m);
    expect(text).toMatch(/^switchyard_scrape_errors_total\{source="relays"\} 1$/m);
  });
});

describe("metrics token check", () => {
  const token = "sy-metrics-0123456789abcdef0123";

  it("is disabled without a token, and refuses missing, malformed or wrong credentials", () => {
    expect(checkMetricsToken(`Bearer ${token}`, "")).toBe("disabled");
    expect(checkMetricsToken(null, token)).toBe("unauthorized");
    expect(checkMetricsToken(token, token)).toBe("unauthorized");
    expect(checkMetricsToken(`Basic ${Buffer.from(`x:${token}`).toString("base64")}`, token)).toBe("unauthorized");
    expect(checkMetricsToken(`Bearer ${token}x`, token)).toBe("unauthorized");
    expect(checkMetricsToken(`Bearer ${token.slice(0, -1)}`, token)).toBe("unauthorized");
  });

  it("accepts the token (any case of Bearer), or its sha256: verifier", () => {
    expect(checkMetricsToken(`Bearer ${token}`, token)).toBe("ok");
    expect(checkMetricsToken(`bearer ${token}`, token)).toBe("ok");
    const verifier = `sha256:${createHash("sha256").update(token).digest("hex")}`;
    expect(checkMetricsToken(`Bearer ${token}`, verifier)).toBe("ok");
    expect(checkMetricsToken(`Bearer ${verifier}`, verifier)).toBe("unauthorized");
  });
});
