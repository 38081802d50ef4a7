import fs from "node:fs";
import path from "node:path";
import selfsigned from "selfsigned";

// The demo's STARTTLS certificate: self-signed, generated once per state directory and kept, so
// clients that pinned it keep working across restarts. Real deployments put their own key and
// certificate at <stateDir>/tls/key.pem and cert.pem.

const VALID_DAYS = 3 * 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TlsFiles {
  keyPath: string;
  certPath: string;
}

export async function ensureCertificate(stateDir: string, commonName: string): Promise<TlsFiles> {
  const dir = path.join(stateDir, "tls");
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  if (fs.existsSync(keyPath) && fs.existsSync(certPath)) return { keyPath, certPath };
  fs.mkdirSync(dir, { recursive: true });
  const now = new Date();
  const pems = await selfsigned.generate([{ name: "commonName", value: commonName }], {
    keySize: 2048,
    algorithm: "sha256",
    notBeforeDate: now,
    notAfterDate: new Date(now.getTime() + VALID_DAYS * DAY_MS),
  });
  fs.writeFileSync(keyPath, pems.private, { mode: 0o600 });
  fs.writeFileSync(certPath, pems.cert);
  return { keyPath, certPath };
}
