// The local admin channel: a host command sent to the running server that holds the embedded
// database (PGlite allows one process). One JSON line each way over a Unix socket in the data
// directory: {command, args} in, {stdout, stderr, exitCode} out. The socket is the only gate, so
// it lives in a 0700 directory and is itself 0600: only the server's own account (and root) can
// connect, the same accounts that could open the database directory directly.
// Why the command and not the database travels (rather than serving PGlite to other processes over
// the wire protocol, @electric-sql/pglite-socket): PGlite is one session, which a second process
// would share with the server's own transactions and LISTENs, and every script would migrate the
// server's database under it. Here one process keeps the database, and a command runs the same
// body (lib/host-commands) as it does in the CLI, so its output and audit entries are the same.
import path from "node:path";
import { z } from "zod";

export const ADMIN_DIR_MODE = 0o700;
export const ADMIN_SOCKET_MODE = 0o600;
// A request is a command name and a few flags; anything longer is not one.
export const MAX_REQUEST_BYTES = 64 * 1024;

export function adminSocketPath(dbDir: string): string {
  return path.join(dbDir, "admin", "admin.sock");
}

export const adminRequestSchema = z.object({ command: z.string().max(100), args: z.unknown() });

export const adminAnswerSchema = z.object({
  stdout: z.array(z.string()),
  stderr: z.array(z.string()),
  exitCode: z.number().int(),
});

export type AdminRequest = z.infer<typeof adminRequestSchema>;
export type AdminAnswer = z.infer<typeof adminAnswerSchema>;
