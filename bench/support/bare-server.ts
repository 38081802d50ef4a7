import { spawn } from "node:child_process";

// A bare node:http baseline server: `source` (CommonJS) run as a child process, so it has its own
// process and event loop like the Next server and its CPU time can be read from /proc. The source
// listens on an ephemeral loopback port and prints "port=<n>"; `input` goes to its stdin (it can be
// larger than an environment variable may be).
export interface BareServer {
  url: string;
  pid: number;
  stop: () => Promise<void>;
}

export function spawnBareServer(source: string, input = ""): Promise<BareServer> {
  const child = spawn(process.execPath, ["-e", source], { stdio: ["pipe", "pipe", "inherit"] });
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`the bare server exited (${code})`)));
    child.stdout.setEncoding("utf8");
    child.stdout.once("data", (line: string) => {
      const port = Number(/port=(\d+)/.exec(line)?.[1]);
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid ?? 0,
        stop: async () => {
          child.removeAllListeners("exit");
          if (child.exitCode !== null) return;
          child.kill("SIGTERM");
          await new Promise((r) => child.once("exit", r));
        },
      });
    });
  });
}
