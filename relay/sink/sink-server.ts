import type { AddressInfo } from "node:net";
import { SMTPServer, type SMTPServerAddress } from "smtp-server";
import { type SinkMessage, storeMessage } from "./sink-store";

// The demo's next hop: a local SMTP server that accepts everything and stores it, except
// recipients whose local part starts with "bounce" (550 5.1.1, a hard bounce) or "defer"
// (451 4.2.0, a temporary failure), so the relay's bounce and retry paths can be exercised.

export const DEFAULT_SINK_PORT = 2526;
export const DEFAULT_SINK_DIR = ".data/sink";

export interface SinkOptions {
  host?: string;
  port?: number;
  dir?: string;
  onMessage?: (message: SinkMessage) => void;
}

export interface RunningSink {
  host: string;
  port: number;
  dir: string;
  close(): Promise<void>;
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

// What the sink answers to RCPT TO for this address.
export function recipientVerdict(address: string): Error | null {
  const local = address.slice(0, address.lastIndexOf("@")).toLowerCase();
  if (local.startsWith("bounce"))
    return smtpError(550, `5.1.1 <${address}>: mailbox unavailable (sink bounce address)`);
  if (local.startsWith("defer")) return smtpError(451, `4.2.0 <${address}>: try again later (sink defer address)`);
  return null;
}

export function startSink(options: SinkOptions = {}): Promise<RunningSink> {
  const dir = options.dir ?? DEFAULT_SINK_DIR;
  const server = new SMTPServer({
    name: "switchyard-sink",
    authOptional: true,
    disabledCommands: ["AUTH"],
    // The local next hop speaks plain SMTP; the relay's outbound skips STARTTLS here.
    hideSTARTTLS: true,
    logger: false,
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      callback(recipientVerdict(address.address));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        try {
          const envelope = session.envelope;
          const from = envelope.mailFrom ? envelope.mailFrom.address : "";
          const message = storeMessage(dir, Buffer.concat(chunks), {
            from,
            to: envelope.rcptTo.map((r) => r.address),
            remoteAddress: session.remoteAddress ?? null,
          });
          options.onMessage?.(message);
          callback(null, `Stored as ${message.file}`);
        } catch (err) {
          callback(smtpError(451, `4.3.0 Sink could not store the message: ${(err as Error).message}`));
        }
      });
    },
  });
  // Without a listener an ECONNRESET from a client would crash the process.
  server.on("error", (err) => {
    if ((err as NodeJS.ErrnoException).code !== "ECONNRESET") console.error(`[sink] ${err.message}`);
  });

  return new Promise((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? DEFAULT_SINK_PORT, options.host ?? "127.0.0.1", () => {
      server.server.off("error", reject);
      const address = server.server.address() as AddressInfo;
      resolve({
        host: address.address,
        port: address.port,
        dir,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
