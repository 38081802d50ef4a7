// npm run relay -- --token syrelay_… --control-url http://localhost:3000 [--port 2525] …
// Starts one reference relay (Haraka + the switchyard plugin) in the foreground; Ctrl+C stops it.
import os from "node:os";
import { parseArgs } from "node:util";
import { startRelay } from "./launch";

const { values } = parseArgs({
  options: {
    token: { type: "string" },
    "control-url": { type: "string" },
    name: { type: "string" },
    host: { type: "string" },
    port: { type: "string" },
    smarthost: { type: "string" },
    "state-dir": { type: "string" },
    "max-staleness": { type: "string" },
    "log-level": { type: "string" },
    clamd: { type: "string" },
    rspamd: { type: "string" },
    "outbound-ca": { type: "string" },
  },
});

const env = process.env;
const name = values.name ?? env.RELAY_NAME ?? os.hostname();
const options = {
  name,
  token: values.token ?? env.SWITCHYARD_RELAY_TOKEN ?? "",
  controlUrl: values["control-url"] ?? env.SWITCHYARD_CONTROL_URL ?? "http://127.0.0.1:3000",
  listenHost: values.host ?? env.RELAY_HOST ?? "127.0.0.1",
  listenPort: Number(values.port ?? env.RELAY_PORT ?? 2525),
  smarthost: values.smarthost ?? env.RELAY_SMARTHOST ?? "127.0.0.1:2526",
  stateDir: values["state-dir"] ?? env.RELAY_STATE_DIR ?? ".data/relay",
  maxStalenessSeconds: Number(values["max-staleness"] ?? env.RELAY_MAX_STALENESS_S ?? 3600),
  logLevel: values["log-level"] ?? env.RELAY_LOG_LEVEL ?? "info",
  clamd: values.clamd ?? env.RELAY_CLAMD ?? "",
  rspamd: values.rspamd ?? env.RELAY_RSPAMD ?? "",
  outboundCaFile: values["outbound-ca"] ?? env.RELAY_OUTBOUND_CA ?? undefined,
  redisUrl: env.REDIS_URL || undefined,
  redisPrefix: env.SWITCHYARD_REDIS_PREFIX || undefined,
  echoLog: true,
};

if (!Number.isInteger(options.listenPort) || options.listenPort < 0 || options.listenPort > 65535) {
  console.error(`Invalid port: ${values.port ?? env.RELAY_PORT}`);
  process.exit(2);
}

try {
  const relay = await startRelay(options);
  console.log(
    `Relay "${name}" listening on ${relay.host}:${relay.port} (STARTTLS + AUTH), next hop ${options.smarthost}`,
  );
  console.log(`Control plane ${options.controlUrl}; state in ${relay.stateDir}. Ctrl+C stops it.`);
  const scanner = (name: string, at: string) => (at ? `${name} ${at}` : `${name} NOT CONFIGURED`);
  console.log(
    `Content scanners: ${scanner("clamd", options.clamd)}, ${scanner("rspamd", options.rspamd)}` +
      " (a content profile that needs a missing scanner defers its mail, or accepts it unscanned if it says so).",
  );
  let stopping = false;
  const stop = () => {
    stopping = true;
    relay.stop().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  relay.exited.then((how) => {
    if (stopping) return;
    console.error(`Haraka exited (${how}); see ${relay.logFile}`);
    process.exit(1);
  });
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
}
