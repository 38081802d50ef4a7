import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { HARAKA_BIN } from "./haraka-instance";
import { EXIT_WITH_STDIN_ENV } from "./parent-pipe";

// Runs `haraka -c <instance>` as a child process writing its log to a file (followed here, and
// optionally echoed to the console) and resolves once Haraka logs "Listening on host:port" — with the real port when the
// instance was configured with port 0. The switchyard plugin prints "switchyard ready listen=…"
// once it has started, so this works at any log level.

const READY_TIMEOUT_MS = 20_000;
// How often the log file is read for the readiness line (and echoed, when asked).
const LOG_POLL_MS = 50;
// A stop waits for Haraka's own drain (SpawnOptions.stopGraceMs) and then kills it.
const STOP_GRACE_MS = 5_000;
// Haraka's own NOTICE line, or the plugins' handshake line when the log level hides notices.
const LISTENING = /(?:Listening on |ready listen=)\[?([^\]\s,]+?)\]?:(\d+)/;

export interface HarakaProcess {
  pid: number;
  host: string;
  port: number;
  child: ChildProcess;
  // Resolves with the exit code (or signal name) when the process ends for any reason.
  exited: Promise<number | string | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  instanceDir: string;
  logFile: string;
  env?: Record<string, string>;
  echo?: boolean;
  // How long stop() waits for a normal exit (deliveries in flight draining) before SIGKILL.
  stopGraceMs?: number;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

function stopChild(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    // SIGINT is the signal Haraka handles: it stops listening, the plugin lets the deliveries in
    // flight finish, flushes its spool and exits.
    child.kill("SIGINT");
  });
}

// Reads what was appended to a file since the last call (Haraka's log, written by Haraka itself).
function follow(file: string): () => Buffer {
  let offset = fs.existsSync(file) ? fs.statSync(file).size : 0;
  return () => {
    const size = fs.statSync(file).size;
    if (size <= offset) return Buffer.alloc(0);
    const chunk = Buffer.alloc(size - offset);
    const fd = fs.openSync(file, "r");
    try {
      fs.readSync(fd, chunk, 0, chunk.length, offset);
    } finally {
      fs.closeSync(fd);
    }
    offset = size;
    return chunk;
  };
}

export function spawnHaraka(options: SpawnOptions): Promise<HarakaProcess> {
  const readNew = follow(options.logFile);
  // Haraka writes its log to the file itself, not through a pipe to this process: should this
  // process die, Haraka keeps its log (a write to a broken pipe would crash it mid-drain).
  const out = fs.openSync(options.logFile, "a");
  const child = spawn(process.execPath, [HARAKA_BIN, "-c", options.instanceDir], {
    cwd: options.instanceDir,
    // NODE_ENV=test (set by vitest) makes Haraka's outbound send EHLO without a host name.
    // A stdin pipe never written to: Haraka stops when this process is gone (relay/parent-pipe.ts).
    env: { ...process.env, NODE_ENV: "production", [EXIT_WITH_STDIN_ENV]: "1", ...options.env },
    stdio: ["pipe", out, out],
    // Its own process group: a Ctrl+C in the terminal reaches the launcher only, whose stop() then
    // lets the relay drain (a second SIGINT would make Haraka exit at once).
    detached: true,
  });
  fs.closeSync(out);
  running.add(child);

  let buffered = "";
  let onReady: ((match: RegExpExecArray) => void) | null = null;
  const poll = () => {
    const chunk = readNew();
    if (!chunk.length) return;
    if (options.echo) process.stdout.write(chunk);
    if (!onReady) return;
    buffered = (buffered + chunk.toString("utf8")).slice(-2000);
    const match = LISTENING.exec(buffered);
    if (match) onReady(match);
  };
  const follower = setInterval(poll, LOG_POLL_MS);
  const exited = new Promise<number | string | null>((resolve) => {
    child.once("exit", (code, signal) => {
      running.delete(child);
      clearInterval(follower);
      poll();
      resolve(signal ?? code);
    });
  });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        fail(new Error(`Haraka did not start listening within ${READY_TIMEOUT_MS / 1000} s (log: ${options.logFile})`)),
      READY_TIMEOUT_MS,
    );
    const fail = (err: Error) => {
      onReady = null;
      clearTimeout(timer);
      stopChild(child).then(() => reject(err));
    };
    onReady = (match) => {
      onReady = null;
      buffered = "";
      clearTimeout(timer);
      resolve({
        pid: child.pid!,
        host: match[1],
        port: Number(match[2]),
        child,
        exited,
        stop: () => stopChild(child, options.stopGraceMs),
      });
    };
    child.once("exit", (code, signal) => {
      if (onReady) fail(new Error(`Haraka exited before listening (${signal ?? code}); see ${options.logFile}`));
    });
  });
}
