import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { seedCertificate, waitFor } from "./support/relay-harness";

// A relay whose launcher (npm start, npm run relay) is killed outright must not run on alone
// (issue 16, item 7): Haraka sees its stdin pipe close and stops the normal way.

const DRIVER = path.resolve("tests/fixtures/supervision/relay-driver.ts");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "switchyard-orphan-"));
let harakaPid = 0;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

afterAll(() => {
  if (harakaPid && alive(harakaPid)) process.kill(harakaPid, "SIGKILL");
  if (!process.env.KEEP_RELAY_TEST_DIR) fs.rmSync(dir, { recursive: true, force: true });
});

describe("a relay whose launcher is killed", () => {
  it("stops by itself instead of running on alone", async () => {
    const stateDir = path.join(dir, "relay");
    await seedCertificate(stateDir);
    // Nothing listens on port 9: the relay runs without a policy, which does not matter here.
    const driver = spawn(process.execPath, ["--import", "tsx", DRIVER, stateDir, "http://127.0.0.1:9"], {
      stdio: "ignore",
    });
    const pidFile = path.join(stateDir, "haraka.pid");
    await waitFor(() => fs.existsSync(pidFile), "the relay to start", 30_000, 100);
    harakaPid = Number(fs.readFileSync(pidFile, "utf8"));
    expect(alive(harakaPid)).toBe(true);

    driver.kill("SIGKILL");
    await waitFor(() => !alive(harakaPid), "Haraka to stop after its launcher died", 10_000, 100);
    expect(fs.readFileSync(path.join(stateDir, "haraka.log"), "utf8")).toContain("stopping: no delivery in flight");
  });
});
