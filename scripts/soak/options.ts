import { z } from "zod";
import { parseInput } from "@/lib/errors";
import { cliFlags } from "../lib/cli-flags";

// The soak's flags and the timings that follow from them. --short shrinks the faults' own
// durations (Redis outage, drain) so CI runs every fault in a few minutes of wall time.
export const USAGE =
  "Usage: npm run soak -- [--minutes 10] [--rate 6] [--short] [--report soak-report.json] [--keep] [--skip postgres,redis,replica,relay]";

export const FAULT_NAMES = ["replica", "postgres", "redis", "relay"] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

const flagsSchema = z.object({
  minutes: z.coerce.number().min(0.5, "--minutes must be at least 0.5").max(240).optional(),
  rate: z.coerce.number().min(1, "--rate must be at least 1 message/s").max(200).default(6),
  short: z.boolean().default(false),
  report: z.string().min(1).optional(),
  keep: z.boolean().default(false),
  skip: z
    .string()
    .default("")
    .transform((text) => text.split(",").filter(Boolean))
    .pipe(z.array(z.enum(FAULT_NAMES, { error: `--skip takes some of: ${FAULT_NAMES.join(", ")}` }))),
});

export interface SoakOptions {
  trafficMs: number;
  // Messages per second offered by all senders together.
  rate: number;
  short: boolean;
  reportFile: string | null;
  // Keep the database and the run directory for inspection (a failed run always keeps them).
  keep: boolean;
  // Faults left out (e.g. postgres on a machine whose PostgreSQL others use right now).
  skip: FaultName[];
  redisOutageMs: number;
  relayDownMs: number;
  // After the traffic stops: how long to wait for queues, spools and the database to settle.
  drainTimeoutMs: number;
}

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;

export function soakOptions(argv = process.argv.slice(2)): SoakOptions {
  const flags = cliFlags(
    {
      minutes: { type: "string" },
      rate: { type: "string" },
      short: { type: "boolean" },
      report: { type: "string" },
      keep: { type: "boolean" },
      skip: { type: "string" },
    },
    USAGE,
    argv,
  );
  const parsed = parseInput(flagsSchema, flags);
  const minutes = parsed.minutes ?? (parsed.short ? 1.5 : 10);
  return {
    trafficMs: Math.round(minutes * MINUTE_MS),
    rate: parsed.rate,
    short: parsed.short,
    reportFile: parsed.report ?? null,
    keep: parsed.keep,
    skip: parsed.skip,
    redisOutageMs: parsed.short ? 8 * SECOND_MS : 30 * SECOND_MS,
    relayDownMs: parsed.short ? 2 * SECOND_MS : 5 * SECOND_MS,
    // Relays retry events after up to 30 s of backoff (events_max_backoff_s) and the first
    // outbound retry comes after 1 min: the drain allows for both.
    drainTimeoutMs: parsed.short ? 75 * SECOND_MS : 180 * SECOND_MS,
  };
}
