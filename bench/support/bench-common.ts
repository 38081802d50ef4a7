import http from "node:http";
import os from "node:os";

// What every benchmark here needs: the machine's load next to each figure, percentiles, a
// loopback-only guard and a plain HTTP request (its own keep-alive agent when given one).

export const loadAverage = (digits = 2) =>
  os
    .loadavg()
    .map((l) => l.toFixed(digits))
    .join(" ");

// p-th percentile of values sorted ascending (NaN when there are none).
export const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : Number.NaN;

// p50 and p95 of samples in any order.
export function p50p95(samples: number[]): { p50: number; p95: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!["127.0.0.1", "localhost", "[::1]", "::1"].includes(host)) {
    console.error(`Only a control plane on this machine (loopback) may be benchmarked, not ${host}.`);
    process.exit(2);
  }
}

export interface HttpAnswer {
  status: number;
  etag: string | undefined;
  body: string;
}

export function httpRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; agent?: http.Agent } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: init.method ?? "GET", headers: init.headers, agent: init.agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => {
        body += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}
