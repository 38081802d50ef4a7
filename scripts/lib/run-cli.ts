// The one frame of a host command (npm run user:create, token:create, relay:register, …): the
// migrations first when the command works on the database, a failure as one line "Error: …" with
// exit code 1 (never a stack trace), and the database closed at the end either way.
import { closeDb } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { failureLine, runFramed } from "@/lib/host-commands/command-frame";
import { type CliDatabase, CONSOLE_OUTPUT } from "@/lib/host-commands/host-command";
import { HOST_COMMANDS, type HostCommandArgs, type HostCommandName } from "@/lib/host-commands/host-commands";
import { isNoListener, runningServerSocket, sendAdminCommand } from "@/lib/server/admin-channel/send-admin-command";

export type { CliDatabase };

// Runs the command's body; a number it returns is its exit code (0 when it returns nothing).
export async function runCli(body: () => Promise<unknown>, database: CliDatabase = "migrated"): Promise<void> {
  try {
    const code = await runFramed(async () => {
      if (database === "migrated") await runMigrations();
      return body();
    }, CONSOLE_OUTPUT);
    if (code !== 0) process.exitCode = code;
  } finally {
    if (database !== "none") await closeDb();
  }
}

// A host command of lib/host-commands: in this process, or, while a running server holds the
// embedded database (PGlite allows one process), inside that server over its admin socket
// (lib/server/admin-channel) — the same body, output, exit code and audit entries either way.
export async function runHostCommand<N extends HostCommandName>(name: N, args: HostCommandArgs<N>): Promise<void> {
  const socketPath = runningServerSocket();
  if (socketPath) {
    try {
      const answer = await sendAdminCommand(socketPath, { command: name, args });
      for (const line of answer.stdout) console.log(line);
      for (const line of answer.stderr) console.error(line);
      if (answer.exitCode !== 0) process.exitCode = answer.exitCode;
      return;
    } catch (error) {
      // No server listens there: opening the database below names the process holding it, as before.
      if (!isNoListener(error)) {
        console.error(failureLine(error));
        process.exitCode = 1;
        return;
      }
    }
  }
  const command = HOST_COMMANDS[name];
  await runCli(() => command.execute(args, CONSOLE_OUTPUT), command.database);
}
