import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import { EXIT_WITH_STDIN_ENV } from "@/relay/parent-pipe";

// Child processes started by a script, stopped together (whole process groups) on exit, along
// with any other shutdown work registered (e.g. a relay's own stop, which drains its deliveries).
// Nothing is left running alone: a child that dies stops everything (exit code non-zero), a
// signal stops everything, and each child gets a stdin pipe that closes should this process be
// killed outright (scripts/lib/exit-with-parent.ts).
const children: { name: string; child: ChildProcess }[] = [];
const shutdownHooks: (() => Promise<unknown>)[] = [];

// The relay's drain (30 s) plus its margins: past this, whatever is left is killed.
const SHUTDOWN_HOOKS_TIMEOUT_MS = 45_000;
// Children's own stop after SIGTERM, before SIGKILL.
const CHILD_STOP_GRACE_MS = 10_000;

export function onShutdown(hook: () => Promise<unknown>): void {
  shutdownHooks.push(hook);
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const child = spawn(command, args, {
    env: { ...env, [EXIT_WITH_STDIN_ENV]: "1" },
    stdio: ["pipe", "inherit", "inherit"],
    detached: true,
  });
  children.push({ name, child });
  child.on("exit", (code, signal) => {
    if (stopping) return;
    // Whatever it says, a child that was meant to keep running has failed.
    console.error(
      `[${name}] exited unexpectedly (${signal ?? `code ${code}`}); stopping everything else. See its output above.`,
    );
    void stopAll(code || 1);
  });
  return child;
}

const running = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

// The whole group, also when its leader has exited already: what it started may still run (a
// group's id is not reused while any member lives).
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (!child.pid) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (!running(child)) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return Promise.race([promise, new Promise<undefined>((resolve) => setTimeout(resolve, ms))]);
}

let stopping = false;
export const isStopping = (): boolean => stopping;

// Stops everything, waits for it (bounded), then exits with exitCode.
export async function stopAll(exitCode = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  const hooks = within(Promise.allSettled(shutdownHooks.map((hook) => hook())), SHUTDOWN_HOOKS_TIMEOUT_MS);
  for (const { child } of children) signalGroup(child, "SIGTERM");
  const stopped = await Promise.all(children.map(({ child }) => exited(child, CHILD_STOP_GRACE_MS)));
  children.forEach(({ name, child }, i) => {
    if (stopped[i]) return;
    console.error(`[${name}] did not stop within ${CHILD_STOP_GRACE_MS / 1000} s; killing it.`);
    signalGroup(child, "SIGKILL");
  });
  await hooks;
  process.exit(exitCode);
}

// The first signal stops everything in order; another one a while later kills what is left at
// once (one Ctrl+C can arrive twice: from the terminal and relayed by npm/tsx).
const REPEATED_SIGNAL_MS = 1_000;
let firstSignalAt = 0;
export function stopOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => {
      if (!stopping) {
        firstSignalAt = Date.now();
        return void stopAll(0);
      }
      if (Date.now() - firstSignalAt < REPEATED_SIGNAL_MS) return;
      console.error("Stopping at once (second signal).");
      for (const { child } of children) signalGroup(child, "SIGKILL");
      process.exit(1);
    });
}

export function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
}

// Like runToEnd, with the output (stdout and stderr) written to a file instead of the terminal:
// for a step that runs beside another one whose output is on the terminal.
export function runToFile(command: string, args: string[], env: NodeJS.ProcessEnv, file: string): Promise<number> {
  const out = fs.openSync(file, "w");
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", out, out] });
    child.on("exit", (code) => resolve(code ?? 1));
  }).finally(() => fs.closeSync(out));
}

export async function waitForHttp(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { redirect: "manual" });
      if (response.status < 500) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}
