import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { deriveKey } from "@/lib/server/config/secret";

// AES-256-GCM for secrets the control plane must read back (DKIM private keys). The key is
// derived from the deployment secret per purpose; a fresh 96-bit IV per seal; the GCM tag makes
// any change to the stored text (or a different secret) fail loudly instead of decrypting garbage.
// Stored form: base64url(iv).base64url(tag).base64url(ciphertext)
const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const DKIM_SEAL_PURPOSE = "dkim-private-keys";

export class SealError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SealError";
  }
}

export interface SealOptions {
  // Which derived key to use (deriveKey(purpose)); the default is the DKIM private key purpose.
  purpose?: string;
  // Context bound to the ciphertext (not stored): open() needs the same value, so a sealed value
  // copied into another row does not open there.
  context?: string;
}

export function seal(plaintext: string, { purpose = DKIM_SEAL_PURPOSE, context }: SealOptions = {}): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, deriveKey(purpose), iv, { authTagLength: TAG_BYTES });
  if (context !== undefined) cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), ciphertext].map((part) => part.toString("base64url")).join(".");
}

export function open(sealed: string, { purpose = DKIM_SEAL_PURPOSE, context }: SealOptions = {}): string {
  const parts = sealed.split(".");
  if (parts.length !== 3) throw new SealError("The sealed value is malformed: expected iv.tag.ciphertext.");
  const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, "base64url"));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SealError("The sealed value is malformed: wrong IV or tag length.");
  try {
    const decipher = createDecipheriv(ALGORITHM, deriveKey(purpose), iv, { authTagLength: TAG_BYTES });
    if (context !== undefined) decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    throw new SealError(
      "The sealed value could not be decrypted: it was altered, belongs to another record, or was sealed under a different SWITCHYARD_SECRET.",
    );
  }
}
