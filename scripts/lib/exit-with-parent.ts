import { EXIT_WITH_STDIN_ENV } from "@/relay/parent-pipe";

// A child of `npm start` gets a stdin pipe its parent never writes to: the pipe closes when the
// parent is gone, however it died (SIGKILL included), and the child then stops instead of running
// on alone. Only when the parent asked for it (the environment variable): a server run by hand or
// by systemd may have a closed or terminal stdin.
export function exitWithParent(stop: () => void): void {
  if (process.env[EXIT_WITH_STDIN_ENV] !== "1") return;
  const gone = () => {
    console.error("[server] the process that started this one is gone; stopping.");
    stop();
  };
  process.stdin.once("end", gone);
  process.stdin.once("error", gone);
  process.stdin.resume();
}

export { EXIT_WITH_STDIN_ENV };
