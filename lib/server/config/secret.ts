import { createHmac, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { dataDir, type Env } from "./paths";
import { MAKE_SECRET_HINT, secretWeakness } from "./secret-strength";

const SECRET_FILE = "secret";
const SECRET_BYTES = 32;

let cached: Buffer | undefined;

function secretFile(env: Env): string {
  return path.join(dataDir(env), SECRET_FILE);
}

// A per-host generated secret on a shared PostgreSQL would leave a second replica (or a new disk)
// unable to decrypt the DKIM keys, so PostgreSQL needs the secret from the environment.
export function missingSecretMessage(): string {
  return `SWITCHYARD_SECRET is required with DATABASE_URL (PostgreSQL): every replica must share it to decrypt the DKIM keys; ${MAKE_SECRET_HINT}`;
}

// Where the secret comes from: the environment, or (embedded database only) a file in the data
// directory, generated once on first use.
function secretSource(env: Env): { name: string; file?: string } | null {
  if (env.SWITCHYARD_SECRET) return { name: "SWITCHYARD_SECRET" };
  if (env.DATABASE_URL) return null;
  const file = secretFile(env);
  return { name: `The generated secret in ${file}`, file };
}

// What is wrong with the deployment secret this environment would use, checked before anything
// starts; null when it is fine or is still to be generated.
export function deploymentSecretProblem(env: Env = process.env): string | null {
  const source = secretSource(env);
  if (!source) return missingSecretMessage();
  if (!source.file) return secretWeakness(env.SWITCHYARD_SECRET ?? "", source.name);
  return fs.existsSync(source.file) ? secretWeakness(fs.readFileSync(source.file, "utf8").trim(), source.name) : null;
}

function readOrGenerate(file: string): string {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(SECRET_BYTES).toString("base64url"), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return fs.readFileSync(file, "utf8").trim();
}

// The deployment secret: SWITCHYARD_SECRET, or (embedded database only) one generated once and
// kept in the data directory with 0600 permissions. Several replicas must share SWITCHYARD_SECRET.
export function deploymentSecret(): Buffer {
  if (cached) return cached;
  const source = secretSource(process.env);
  if (!source) throw new Error(missingSecretMessage());
  const secret = source.file ? readOrGenerate(source.file) : (process.env.SWITCHYARD_SECRET ?? "");
  const weakness = secretWeakness(secret, source.name);
  if (weakness) throw new Error(weakness);
  cached = Buffer.from(secret, "utf8");
  return cached;
}

// A key for one purpose, so the session key and the encryption key are never the same bytes.
export function deriveKey(purpose: string): Buffer {
  return createHmac("sha256", deploymentSecret()).update(`switchyard:${purpose}`).digest();
}
