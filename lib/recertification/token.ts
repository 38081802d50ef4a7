import { createHash, randomBytes } from "node:crypto";

const TOKEN_BYTES = 32;

// A link token: 256 random bits, base64url (43 characters). Only its SHA-256 verifier is stored,
// so the database alone cannot answer for an owner.
export function newRecertificationToken(): { token: string; verifier: string } {
  const token = randomBytes(TOKEN_BYTES).toString("base64url");
  return { token, verifier: tokenVerifier(token) };
}

export function tokenVerifier(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
