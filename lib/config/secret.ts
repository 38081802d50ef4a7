import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "./paths";

const SECRET_FILE = "secret";
const SECRET_BYTES = 32;

let cached: Buffer | undefined;

// The deployment secret: SWITCHYARD_SECRET, or (embedded default) one generated once and kept
// in the data directory with 0600 permissions. Several replicas must share SWITCHYARD_SECRET.
export function deploymentSecret(): Buffer {
  if (cached) return cached;
  const fromEnv = process.env.SWITCHYARD_SECRET;
  if (fromEnv) {
    if (fromEnv.length < 32) throw new Error("SWITCHYARD_SECRET must be at least 32 characters");
    cached = Buffer.from(fromEnv, "utf8");
    return cached;
  }
  const file = path.join(dataDir(), SECRET_FILE);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(dataDir(), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(SECRET_BYTES).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  cached = Buffer.from(fs.readFileSync(file, "utf8").trim(), "utf8");
  return cached;
}

// A key for one purpose, so the session key and the encryption key are never the same bytes.
export function deriveKey(purpose: string): Buffer {
  return createHmac("sha256", deploymentSecret()).update(`switchyard:${purpose}`).digest();
}
