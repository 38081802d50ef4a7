import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

// A next hop whose answers the test scripts: "defer" answers RCPT with 451, "accept" takes the
// message, and holdMs delays the final 250 after DATA (a slow next hop, a delivery in flight).
// Records every message whose DATA it received in full (with its Subject and the time), whatever
// happened to the connection afterwards: what a real next hop would go on to deliver.

export interface SinkRecord {
  subject: string;
  at: number;
}

export class ScriptedSink {
  mode: "defer" | "accept" = "accept";
  holdMs = 0;
  received: SinkRecord[] = [];
  deferredAt: number[] = [];
  port = 0;
  private server: SMTPServer;

  constructor() {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ["AUTH", "STARTTLS"],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        if (this.mode !== "defer") return callback();
        this.deferredAt.push(Date.now());
        callback(Object.assign(new Error("4.2.0 try again later (scripted)"), { responseCode: 451 }));
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        stream.on("end", () => {
          const subject = /^Subject: (.*)$/m.exec(Buffer.concat(chunks).toString("utf8"))?.[1]?.trim() ?? "";
          this.received.push({ subject, at: Date.now() });
          setTimeout(() => callback(null, "stored"), this.holdMs);
        });
      },
    });
    this.server.on("error", () => undefined);
  }

  count(subject: string): number {
    return this.received.filter((r) => r.subject === subject).length;
  }

  start(): Promise<void> {
    return new Promise((resolve) =>
      this.server.listen(0, "127.0.0.1", () => {
        this.port = (this.server.server.address() as AddressInfo).port;
        resolve();
      }),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
