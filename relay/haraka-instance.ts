import fs from "node:fs";
import path from "node:path";

// Writes a Haraka instance directory (what `haraka -i` would create, reduced to what the relay
// needs): config/*.ini, the plugin list, the TLS key and certificate, and plugins/ with the
// switchyard plugin linked in by name. Rewritten at every start, so the launcher's options win.

export const REPO_ROOT = path.resolve(import.meta.dirname, "..");
export const PLUGIN_DIR = path.join(REPO_ROOT, "relay", "plugin");
export const HARAKA_DIR = path.join(REPO_ROOT, "node_modules", "Haraka");
export const HARAKA_BIN = path.join(HARAKA_DIR, "bin", "haraka");

// RFC 7919 ffdhe2048: a published, vetted DH group, so Haraka does not spend seconds of CPU
// generating its own dhparams at the first start (DH parameters are public, not secret).
const FFDHE2048_PEM = `-----BEGIN DH PARAMETERS-----
MIIBCAKCAQEA//////////+t+FRYortKmq/cViAnPTzx2LnFg84tNpWp4TZBFGQz
+8yTnc4kmz75fS/jY2MMddj2gbICrsRhetPfHtXV/WVhJDP1H18GbtCFY2VVPe0a
87VXE15/V8k1mE8McODmi3fipona8+/och3xWKE2rec1MKzKT0g6eXq8CrGCsyT7
YdEIqUuyyOP7uWrat2DX9GgdT0Kj3jlN9K5W7edjcrsZCwenyO4KbXCeAvzhzffi
7MA0BM0oNC9hkXL+nOmFg/+OTxIy7vKBg8P+OxtMb61zO7X8vC7CIAXFjvGDfRaD
ssbzSibBsu/6iGtCOGEoXJf//////////wIBAg==
-----END DH PARAMETERS-----
`;

// Retries of the outbound queue (Haraka's syntax; the shortest interval it accepts is 5 s).
export const DEFAULT_TEMP_FAIL_INTERVALS = "1m, 5m, 15m, 1h*3, 4h*4, 12h*2";

// A normal stop waits this long for deliveries in flight (the plugin's drain_timeout_s) …
export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 30;
// … and Haraka forces the exit a little later, should anything else hang.
const DEFAULT_FORCE_SHUTDOWN_SECONDS = DEFAULT_DRAIN_TIMEOUT_SECONDS + 5;

export interface InstanceOptions {
  instanceDir: string;
  name: string;
  listenHost: string;
  listenPort: number;
  tls: { keyPath: string; certPath: string };
  plugins: string[];
  tempFailIntervals?: string;
  // Haraka's last resort when a normal stop hangs; the plugin's own drain ends well before.
  forceShutdownSeconds?: number;
  logLevel?: string;
  // file name (in config/) → contents, e.g. switchyard.ini
  extraConfig?: Record<string, string>;
}

function ini(sections: Record<string, Record<string, string | number | boolean>>): string {
  return Object.entries(sections)
    .map(([name, values]) => [`[${name}]`, ...Object.entries(values).map(([k, v]) => `${k}=${v}`)].join("\n"))
    .join("\n\n")
    .concat("\n");
}

function link(target: string, at: string): void {
  fs.rmSync(at, { recursive: true, force: true });
  fs.symlinkSync(target, at);
}

export function prepareInstance(options: InstanceOptions): void {
  const config = path.join(options.instanceDir, "config");
  const plugins = path.join(options.instanceDir, "plugins");
  fs.mkdirSync(plugins, { recursive: true });
  // Haraka's own defaults first (what `haraka -i` copies; an installed Haraka reads no others).
  fs.cpSync(path.join(HARAKA_DIR, "config"), config, { recursive: true });
  const write = (name: string, text: string, mode = 0o644) => fs.writeFileSync(path.join(config, name), text, { mode });

  write(
    "smtp.ini",
    ini({
      main: {
        listen: `${options.listenHost}:${options.listenPort}`,
        nodes: 0,
        inactivity_timeout: 300,
        // A normal stop lets deliveries in flight finish (relay/plugin/lib/graceful-stop.js).
        graceful_shutdown: true,
        force_shutdown_timeout: options.forceShutdownSeconds ?? DEFAULT_FORCE_SHUTDOWN_SECONDS,
      },
    }),
  );
  write("log.ini", ini({ main: { level: options.logLevel ?? "notice", timestamps: true, format: "default" } }));
  write("me", `${options.name}\n`);
  write("plugins", `${options.plugins.join("\n")}\n`);
  write(
    "tls.ini",
    ini({ main: { key: "tls_key.pem", cert: "tls_cert.pem", dhparam: "dhparams.pem", minVersion: "TLSv1.2" } }),
  );
  write("dhparams.pem", FFDHE2048_PEM);
  write("tls_key.pem", fs.readFileSync(options.tls.keyPath, "utf8"), 0o600);
  write("tls_cert.pem", fs.readFileSync(options.tls.certPath, "utf8"));
  write(
    "outbound.ini",
    ini({
      main: {
        temp_fail_intervals: options.tempFailIntervals ?? DEFAULT_TEMP_FAIL_INTERVALS,
        local_mx_ok: true,
        received_header: "Switchyard relay",
      },
    }),
  );
  for (const [name, text] of Object.entries(options.extraConfig ?? {})) write(name, text, 0o600);

  // A folder plugin with a package.json loads by name from plugins/.
  link(PLUGIN_DIR, path.join(plugins, "switchyard"));
}

export { ini };
