import { createHash, timingSafeEqual } from "node:crypto";
import { getSetting } from "@/lib/settings/settings";

export type MetricsAccess = "disabled" | "unauthorized" | "ok";

const VERIFIER = /^sha256:([0-9a-f]{64})$/i;
const sha256 = (text: string) => createHash("sha256").update(text).digest();

// The scrape token: SWITCHYARD_METRICS_TOKEN when set, else the metrics.token setting ("" = off).
export async function metricsToken(): Promise<string> {
  const fromEnv = process.env.SWITCHYARD_METRICS_TOKEN?.trim();
  return fromEnv || (await getSetting("metrics.token"));
}

// Compares digests of equal length in constant time, so neither the token nor its length leaks
// through timing. `expected` is the token, or "sha256:<hex>" of it.
export function checkMetricsToken(authorization: string | null, expected: string): MetricsAccess {
  if (!expected) return "disabled";
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "")?.[1];
  if (!presented) return "unauthorized";
  const verifier = VERIFIER.exec(expected);
  const want = verifier ? Buffer.from(verifier[1], "hex") : sha256(expected);
  return timingSafeEqual(want, sha256(presented)) ? "ok" : "unauthorized";
}
