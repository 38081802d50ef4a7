// The CLI's side of the admin channel: finds the running server that holds the embedded database,
// sends it one command and returns its answer.
import net from "node:net";
import { embeddedDbDir } from "@/db/client";
import { lockHolder } from "@/db/dir-lock";
import { type AdminAnswer, type AdminRequest, adminAnswerSchema, adminSocketPath } from "./admin-protocol";

// Generous: a command is a few queries, but creating a user hashes a password (argon2) on a busy server.
const ANSWER_TIMEOUT_MS = 60_000;

// The socket of the live process holding the embedded database; undefined on PostgreSQL (commands
// open it themselves) or when no other process holds it (the command opens it itself).
export function runningServerSocket(): string | undefined {
  const dir = embeddedDbDir();
  return dir && lockHolder(dir) ? adminSocketPath(dir) : undefined;
}

// Nobody listens on this socket: the lock holder is not a server with the channel (an older
// version, a server still starting, or another command).
export function isNoListener(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "ENOENT" || code === "ECONNREFUSED";
}

export function sendAdminCommand(socketPath: string, request: AdminRequest): Promise<AdminAnswer> {
  return new Promise((resolve, reject) => {
    let received = "";
    const socket = net.createConnection(socketPath, () => socket.write(`${JSON.stringify(request)}\n`));
    socket.setEncoding("utf8");
    socket.setTimeout(ANSWER_TIMEOUT_MS, () =>
      socket.destroy(new Error(`the server did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`)),
    );
    socket.on("data", (chunk: string) => {
      received += chunk;
    });
    socket.on("error", reject);
    socket.on("end", () => {
      try {
        resolve(adminAnswerSchema.parse(JSON.parse(received)));
      } catch {
        reject(new Error(`the server's admin channel gave no answer (${socketPath})`));
      }
    });
  });
}
