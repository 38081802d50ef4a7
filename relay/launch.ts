import fs from "node:fs";
import path from "node:path";
import {
  DEFAULT_DRAIN_TIMEOUT_SECONDS,
  DEFAULT_TEMP_FAIL_INTERVALS,
  ini,
  PLUGIN_DIR,
  prepareInstance,
  REPO_ROOT,
} from "./haraka-instance";
import { spawnHaraka } from "./haraka-process";
import { ensureCertificate } from "./tls-cert";

// startRelay: one reference relay = one Haraka process with the switchyard plugin, its instance
// directory, TLS certificate, policy copy, event spool and outbound queue all under stateDir.

// Past the drain, Haraka forces its exit; past that, the launcher kills it.
const FORCE_AFTER_DRAIN_SECONDS = 5;
const KILL_AFTER_FORCE_SECONDS = 5;

export interface RelayOptions {
  name: string;
  controlUrl: string;
  token: string;
  listenHost?: string;
  listenPort?: number;
  smarthost?: string;
  stateDir: string;
  maxStalenessSeconds?: number;
  // Tuning, mostly for tests; the defaults suit production.
  pollWaitSeconds?: number;
  pollMaxBackoffSeconds?: number;
  eventsMaxBackoffSeconds?: number;
  heartbeatIntervalSeconds?: number;
  tempFailIntervals?: string;
  // A normal stop waits this long for deliveries in flight (default 30 s).
  drainTimeoutSeconds?: number;
  logLevel?: string;
  echoLog?: boolean;
  // Content scanners: clamd as host:port or a unix socket path, rspamd as http://host:port. Empty or
  // unset: not configured (a content profile that needs one then defers or accepts unscanned, as it says).
  clamd?: string;
  rspamd?: string;
  // A PEM file of CA certificates trusted, besides the system's, when delivering over TLS (next
  // hops with a private CA; the tests' CA). Passed to Haraka as NODE_EXTRA_CA_CERTS.
  outboundCaFile?: string;
  // Shared rate limits: counters in this Redis (redis://…), keys under redisPrefix (default
  // "switchyard:"). Unset: this relay counts its limits alone (the embedded demo).
  redisUrl?: string;
  redisPrefix?: string;
  // Further switchyard.ini [main] settings (relay/plugin/lib/settings.js), e.g. auth_fail_limit.
  settings?: Record<string, string | number>;
}

export interface RunningRelay {
  pid: number;
  host: string;
  port: number;
  stateDir: string;
  logFile: string;
  exited: Promise<number | string | null>;
  stop(): Promise<void>;
}

function readVersion(dir: string): string {
  return JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")).version;
}

export function softwareVersion(): string {
  const plugin = readVersion(PLUGIN_DIR).split(".").slice(0, 2).join(".");
  return `switchyard-relay/${plugin} haraka/${readVersion(path.join(REPO_ROOT, "node_modules", "Haraka"))}`;
}

export async function startRelay(options: RelayOptions): Promise<RunningRelay> {
  if (!options.token) throw new Error("A relay token is required (SWITCHYARD_RELAY_TOKEN or --token).");
  if (!options.controlUrl)
    throw new Error("The control plane URL is required (SWITCHYARD_CONTROL_URL or --control-url).");
  const stateDir = path.resolve(options.stateDir);
  const instanceDir = path.join(stateDir, "haraka");
  fs.mkdirSync(stateDir, { recursive: true });
  const tls = await ensureCertificate(stateDir, options.name);
  const drainSeconds = options.drainTimeoutSeconds ?? DEFAULT_DRAIN_TIMEOUT_SECONDS;
  const switchyardIni = ini({
    main: {
      name: options.name,
      control_url: options.controlUrl,
      state_dir: stateDir,
      max_staleness_s: options.maxStalenessSeconds ?? 3600,
      poll_wait_s: options.pollWaitSeconds ?? 25,
      poll_max_backoff_s: options.pollMaxBackoffSeconds ?? 15,
      events_max_backoff_s: options.eventsMaxBackoffSeconds ?? 30,
      heartbeat_interval_s: options.heartbeatIntervalSeconds ?? 5,
      smarthost: options.smarthost ?? "",
      software_version: softwareVersion(),
      clamd: options.clamd ?? "",
      rspamd: options.rspamd ?? "",
      drain_timeout_s: drainSeconds,
      ...options.settings,
    },
  });
  prepareInstance({
    instanceDir,
    name: options.name,
    listenHost: options.listenHost ?? "127.0.0.1",
    listenPort: options.listenPort ?? 2525,
    tls,
    plugins: ["tls", "switchyard"],
    tempFailIntervals: options.tempFailIntervals ?? DEFAULT_TEMP_FAIL_INTERVALS,
    forceShutdownSeconds: drainSeconds + FORCE_AFTER_DRAIN_SECONDS,
    logLevel: options.logLevel,
    extraConfig: { "switchyard.ini": switchyardIni },
  });
  const logFile = path.join(stateDir, "haraka.log");
  const haraka = await spawnHaraka({
    instanceDir,
    logFile,
    echo: options.echoLog,
    stopGraceMs: (drainSeconds + FORCE_AFTER_DRAIN_SECONDS + KILL_AFTER_FORCE_SECONDS) * 1000,
    // The token reaches the plugin through the environment only, never a file.
    env: {
      SWITCHYARD_RELAY_TOKEN: options.token,
      // Only what the options say: a REDIS_URL the launcher happens to inherit does not share limits.
      REDIS_URL: options.redisUrl ?? "",
      ...(options.redisPrefix ? { SWITCHYARD_REDIS_PREFIX: options.redisPrefix } : {}),
      ...(options.outboundCaFile ? { NODE_EXTRA_CA_CERTS: path.resolve(options.outboundCaFile) } : {}),
    },
  });
  return {
    pid: haraka.pid,
    host: haraka.host,
    port: haraka.port,
    stateDir,
    logFile,
    exited: haraka.exited,
    stop: haraka.stop,
  };
}
