// The admin channel's listener, started by instrumentation.ts inside the Next server: the host
// commands must run there, in the process (and the bundled module instance) that holds the
// embedded database, not in a second one. Only on the embedded database: with PostgreSQL the
// commands open the database themselves, next to any number of servers.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { embeddedDbDir, getDb } from "@/db/client";
import { ADMIN_DIR_MODE, ADMIN_SOCKET_MODE, adminSocketPath, MAX_REQUEST_BYTES } from "./admin-protocol";
import { answerAdminRequest } from "./answer-admin-request";

// A client that connects and says nothing is dropped after this long.
const REQUEST_IDLE_MS = 10_000;

export interface AdminChannel {
  socketPath: string;
  close: () => Promise<void>;
}

function serveConnection(socket: net.Socket): void {
  let received = "";
  socket.setEncoding("utf8");
  socket.setTimeout(REQUEST_IDLE_MS, () => socket.destroy());
  socket.on("error", () => socket.destroy());
  const onData = (chunk: string) => {
    received += chunk;
    const end = received.indexOf("\n");
    if (end < 0 && received.length <= MAX_REQUEST_BYTES) return;
    socket.off("data", onData);
    socket.setTimeout(0);
    if (end < 0) {
      socket.end(`${JSON.stringify({ stdout: [], stderr: ["Error: Request too long."], exitCode: 1 })}\n`);
      return;
    }
    answerAdminRequest(received.slice(0, end)).then(
      (answer) => socket.end(`${JSON.stringify(answer)}\n`),
      () => socket.destroy(),
    );
  };
  socket.on("data", onData);
}

// A private directory for the socket: listen() creates the file with the process umask, so the
// directory is what keeps other accounts out until the chmod below.
function privateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: ADMIN_DIR_MODE });
  const stat = fs.lstatSync(dir);
  if (!stat.isDirectory() || stat.uid !== process.getuid?.()) throw new Error(`${dir} is not this account's directory`);
  fs.chmodSync(dir, ADMIN_DIR_MODE);
}

export async function startAdminChannel(): Promise<AdminChannel | undefined> {
  const dir = embeddedDbDir();
  if (!dir) return undefined;
  // Opening the database takes its directory lock now (it throws if another process holds it), so
  // a CLI that finds the lock held by this process finds this socket too.
  getDb();
  const socketPath = adminSocketPath(dir);
  privateDir(path.dirname(socketPath));
  // Any socket file here is stale: this process holds the lock, so no other server answers on it.
  fs.rmSync(socketPath, { force: true });
  const server = net.createServer(serveConnection);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve();
    });
  });
  fs.chmodSync(socketPath, ADMIN_SOCKET_MODE);
  // process.exit() closes no server: the file is removed here (a killed process leaves it, and the
  // next start replaces it).
  const removeSocket = () => fs.rmSync(socketPath, { force: true });
  process.once("exit", removeSocket);
  return {
    socketPath,
    close: () =>
      new Promise<void>((resolve) => {
        process.off("exit", removeSocket);
        server.close(() => {
          removeSocket();
          resolve();
        });
      }),
  };
}
