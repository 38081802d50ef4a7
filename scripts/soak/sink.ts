import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { recipientVerdict } from "@/relay/sink/sink-server";
import { storeMessage } from "@/relay/sink/sink-store";

// The soak's next hop: the local sink's store and bounce addresses, but it holds every delivery
// for HOLD_MS at MAIL FROM, so each relay always has deliveries in flight in its queue (a relay
// killed with -9 then really has queued mail to deliver after its restart). Holding before DATA,
// not after it, keeps a killed delivery from being stored without its 250 reaching the relay.
const HOLD_MS = 1500;

export interface SoakSink {
  port: number;
  dir: string;
  close(): Promise<void>;
}

export function startSoakSink(dir: string): Promise<SoakSink> {
  const server = new SMTPServer({
    name: "switchyard-soak-sink",
    authOptional: true,
    disabledCommands: ["AUTH"],
    hideSTARTTLS: true,
    logger: false,
    onMailFrom(_address, _session, callback) {
      setTimeout(() => callback(), HOLD_MS);
    },
    onRcptTo(address, _session, callback) {
      callback(recipientVerdict(address.address));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const envelope = session.envelope;
        storeMessage(dir, Buffer.concat(chunks), {
          from: envelope.mailFrom ? envelope.mailFrom.address : "",
          to: envelope.rcptTo.map((r) => r.address),
          remoteAddress: session.remoteAddress ?? null,
        });
        callback();
      });
    },
  });
  // A relay killed mid-delivery resets its connections: not an error of the sink.
  server.on("error", (err) => {
    if ((err as NodeJS.ErrnoException).code !== "ECONNRESET") console.error(`[sink] ${err.message}`);
  });
  return new Promise((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.server.address() as AddressInfo;
      resolve({ port, dir, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}
