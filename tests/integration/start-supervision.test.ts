// npm start's supervision (scripts/lib/processes.ts, issue 16 item 7): a dashboard that dies stops
// everything with a clear message and a non-zero exit; a signal to npm start stops the dashboard's
// whole process group after the shutdown work; npm start killed outright leaves nothing running
// alone (the child sees its stdin pipe close). Driven by small stand-in scripts.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const DRIVER = path.resolve("tests/fixtures/supervision/driver.ts");
const dirs: string[] = [];
const started: number[] = [];

afterEach(() => {
  for (const pid of started.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone, as expected
    }
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(probe: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function runDriver(mode: "stay" | "die") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sy-supervision-"));
  dirs.push(dir);
  const driver = spawn(process.execPath, ["--import", "tsx", DRIVER, dir, mode], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  driver.stdout?.on("data", (chunk) => (output += chunk));
  driver.stderr?.on("data", (chunk) => (output += chunk));
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    driver.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const pids = async () => {
    await until(() => fs.existsSync(path.join(dir, "child.pids")), "the child to start");
    const [child, grandchild] = fs.readFileSync(path.join(dir, "child.pids"), "utf8").split(" ").map(Number);
    started.push(child, grandchild);
    return { child, grandchild };
  };
  return { dir, driver: driver as ChildProcess, exit, pids, output: () => output };
}

describe("npm start's supervision of its children", () => {
  it("a dashboard that exits (even with code 0) stops everything, says so, and exits non-zero", async () => {
    const run = runDriver("die");
    const { grandchild } = await run.pids();
    const { code } = await run.exit;
    expect(code).not.toBe(0);
    expect(run.output()).toMatch(/\[dashboard\] exited unexpectedly \(code 0\); stopping everything else/);
    expect(fs.existsSync(path.join(run.dir, "hook-done"))).toBe(true);
    await until(() => !alive(grandchild), "the dashboard's process group to be gone");
  });

  it("SIGTERM stops the dashboard's whole process group and waits for the shutdown work", async () => {
    const run = runDriver("stay");
    const { child, grandchild } = await run.pids();
    run.driver.kill("SIGTERM");
    const { code } = await run.exit;
    expect(code).toBe(0);
    expect(fs.readFileSync(path.join(run.dir, "child-stopped"), "utf8")).toBe("SIGTERM");
    expect(fs.existsSync(path.join(run.dir, "hook-done"))).toBe(true);
    expect(alive(child)).toBe(false);
    await until(() => !alive(grandchild), "the grandchild to be gone");
  });

  it("killed outright (SIGKILL), npm start leaves no dashboard running: it notices and stops", async () => {
    const run = runDriver("stay");
    const { child } = await run.pids();
    run.driver.kill("SIGKILL");
    await run.exit;
    await until(() => !alive(child), "the orphaned dashboard to stop", 5_000);
    expect(fs.readFileSync(path.join(run.dir, "child-stopped"), "utf8")).toBe("parent gone");
  });
});
