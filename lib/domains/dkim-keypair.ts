import { generateKeyPair } from "node:crypto";
import { promisify } from "node:util";
import { AppError } from "@/lib/errors";
import { DKIM_DEFAULT_RSA_BITS, type DkimAlgorithm, dkimBitsSchema } from "@/lib/validations/domains";

const generateKeyPairAsync = promisify(generateKeyPair);
// RFC 8463: an Ed25519 DKIM p= value is the raw public key, the last 32 bytes of its SPKI form.
const ED25519_RAW_KEY_BYTES = 32;

export interface DkimKeySpec {
  algorithm: DkimAlgorithm;
  // RSA modulus size; null for Ed25519 (fixed size).
  bits: number | null;
}

export interface DkimKeyPair extends DkimKeySpec {
  // The DNS p= value: base64 of the DER SubjectPublicKeyInfo (RSA) or of the raw key (Ed25519).
  publicKey: string;
  // PKCS#8 PEM: sealed before it reaches the database, never returned to a browser.
  privateKeyPem: string;
}

// RSA defaults to 2048 bits; sizes under 1024 are refused here too, whatever the caller validated.
export function resolveKeySpec({ algorithm, bits }: { algorithm: DkimAlgorithm; bits?: number | null }): DkimKeySpec {
  if (algorithm === "ed25519") return { algorithm, bits: null };
  const size = bits ?? DKIM_DEFAULT_RSA_BITS;
  const checked = dkimBitsSchema.safeParse(size);
  if (!checked.success) {
    const messages = checked.error.issues.map((issue) => issue.message);
    throw new AppError("validation_failed", messages[0] ?? "Invalid key size", { bits: messages });
  }
  return { algorithm, bits: size };
}

// Asynchronous: a 4096-bit RSA key takes seconds and must not block the event loop.
export async function generateDkimKeyPair(input: {
  algorithm: DkimAlgorithm;
  bits?: number | null;
}): Promise<DkimKeyPair> {
  const spec = resolveKeySpec(input);
  if (spec.algorithm === "rsa") {
    const { publicKey, privateKey } = await generateKeyPairAsync("rsa", {
      modulusLength: spec.bits ?? DKIM_DEFAULT_RSA_BITS,
      publicExponent: 0x10001,
      publicKeyEncoding: { type: "spki", format: "der" },
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
    });
    return { ...spec, publicKey: publicKey.toString("base64"), privateKeyPem: privateKey };
  }
  const { publicKey, privateKey } = await generateKeyPairAsync("ed25519", {
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
  });
  return {
    ...spec,
    publicKey: publicKey.subarray(-ED25519_RAW_KEY_BYTES).toString("base64"),
    privateKeyPem: privateKey,
  };
}
