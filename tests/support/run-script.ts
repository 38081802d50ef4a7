import { spawn } from "node:child_process";
import path from "node:path";

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

// Runs one of the project's scripts the way npm does (tsx), with this environment and stdin.
export function runScript(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  stdin = "",
  timeoutMs = 60_000,
): Promise<ScriptRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.resolve("node_modules/.bin/tsx"), [script, ...args], {
      env,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not finish within ${timeoutMs / 1000} s:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin);
  });
}

// A stack trace line, as Node prints them ("    at fn (file:line:col)").
export const STACK_LINE = /^\s+at .+/m;
