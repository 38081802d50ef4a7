import fs from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import selfsigned from "selfsigned";
import { SMTPServer } from "smtp-server";

// Next hops for the enforced-TLS tests: an SMTP server without STARTTLS, one whose certificate is
// self-signed (does not verify), and one whose certificate is signed by a test CA the relay is
// told to trust. Each records what it received and whether the session was encrypted.

export interface TestCa {
  caCertPath: string;
  // A server certificate signed by the CA, for localhost and 127.0.0.1.
  signed: { key: string; cert: string };
  // A self-signed one for the same names (not trusted by the relay).
  selfSigned: { key: string; cert: string };
}

export async function makeTestCa(dir: string): Promise<TestCa> {
  fs.mkdirSync(dir, { recursive: true });
  const ca = await selfsigned.generate([{ name: "commonName", value: "Switchyard Test CA" }], {
    keySize: 2048,
    algorithm: "sha256",
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const caCertPath = path.join(dir, "test-ca.pem");
  fs.writeFileSync(caCertPath, ca.cert);
  const names = [{ name: "commonName", value: "localhost" }];
  const signed = await selfsigned.generate(names, {
    keySize: 2048,
    algorithm: "sha256",
    ca: { key: ca.private, cert: ca.cert },
  });
  const selfSigned = await selfsigned.generate(names, { keySize: 2048, algorithm: "sha256" });
  return {
    caCertPath,
    signed: { key: signed.private, cert: signed.cert },
    selfSigned: { key: selfSigned.private, cert: selfSigned.cert },
  };
}

export interface NextHopMessage {
  to: string[];
  secure: boolean;
  raw: string;
}

export interface NextHop {
  port: number;
  received: NextHopMessage[];
  close(): Promise<void>;
}

// tls: null = no STARTTLS offered. port: reuse a port (a next hop replaced between delivery attempts).
export function startNextHop({
  tls,
  port = 0,
  received = [],
}: {
  tls: { key: string; cert: string } | null;
  port?: number;
  received?: NextHopMessage[];
}): Promise<NextHop> {
  const server = new SMTPServer({
    name: "next-hop.test",
    authOptional: true,
    disabledCommands: tls ? ["AUTH"] : ["AUTH", "STARTTLS"],
    hideSTARTTLS: !tls,
    ...(tls ? { key: tls.key, cert: tls.cert } : {}),
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          secure: session.secure,
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback(null, "stored");
      });
    },
  });
  server.on("error", () => undefined);
  return new Promise((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      resolve({
        port: (server.server.address() as AddressInfo).port,
        received,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
