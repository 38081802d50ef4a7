import { type ChildProcess, spawn } from "node:child_process";

// Child processes started by a script, stopped together (whole process groups) on exit, along
// with any other shutdown work registered (e.g. a relay's own stop).
const children: ChildProcess[] = [];
const shutdownHooks: (() => Promise<unknown>)[] = [];

export function onShutdown(hook: () => Promise<unknown>): void {
  shutdownHooks.push(hook);
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): ChildProcess {
  const child = spawn(command, args, { env, stdio: ["ignore", "inherit", "inherit"], detached: true });
  children.push(child);
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`[${name}] exited (${signal ?? code}); stopping everything.`);
      stopAll(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
export function stopAll(exitCode = 0): void {
  if (stopping) return;
  stopping = true;
  for (const hook of shutdownHooks) hook().catch(() => undefined);
  for (const child of children) {
    if (child.pid && child.exitCode === null) {
      try {
        process.kill(-child.pid, "SIGTERM");
      } catch {
        // already gone
      }
    }
  }
  setTimeout(() => process.exit(exitCode), 1500).unref();
}

export function stopOnSignals(): void {
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, () => stopAll(0));
}

export function runToEnd(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: "inherit" });
    child.on("exit", (code) => resolve(code ?? 1));
  });
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
