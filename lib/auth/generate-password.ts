import { randomBytes } from "node:crypto";

// 20 characters from a 64-symbol alphabet: 120 bits, for generated user passwords.
export function generatePassword(): string {
  return randomBytes(15).toString("base64url");
}
