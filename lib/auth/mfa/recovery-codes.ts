import { createHmac, randomInt } from "node:crypto";
import { deriveKey } from "@/lib/server/config/secret";

export const RECOVERY_CODE_COUNT = 10;
// 10 characters from 31 without look-alikes (0/O, 1/I/L): about 50 random bits each.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const CODE_LENGTH = 10;

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    let code = "";
    for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[randomInt(ALPHABET.length)];
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

// What a user types: any case, with or without the dash or spaces.
export function normalizeRecoveryCode(text: string): string {
  return text.toLowerCase().replace(/[\s-]/g, "");
}

export function looksLikeRecoveryCode(text: string): boolean {
  return new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`).test(normalizeRecoveryCode(text));
}

// The stored form: a keyed hash (the codes carry 50 random bits, so no slow hash is needed, and the
// key keeps a database dump from being checked offline), bound to the user so it opens one account.
export function recoveryCodeVerifier(userId: string, code: string): string {
  return createHmac("sha256", deriveKey("mfa-recovery-codes"))
    .update(`${userId}:${normalizeRecoveryCode(code)}`)
    .digest("base64url");
}
