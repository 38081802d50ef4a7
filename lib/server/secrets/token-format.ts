import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { crc32 } from "node:zlib";

// Secrets in the format of modern API tokens (ARCHITECTURE.md, "Credentials"): a type prefix that
// secret scanners can match, 256 random bits in base62, and a CRC32 checksum so typos and
// truncations are refused before any lookup. Stored only as a SHA-256 verifier.
export const TOKEN_TYPES = {
  smtp: "sysmtp_",
  api: "syapi_",
  relay: "syrelay_",
} as const;

export type TokenType = keyof typeof TOKEN_TYPES;

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_BYTES = 32;
const BODY_LENGTH = 43; // ceil(256 / log2(62))
const CHECKSUM_LENGTH = 6; // 62^6 > 2^32

function base62(bytes: Buffer, length: number): string {
  let n = BigInt(`0x${bytes.toString("hex") || "0"}`);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out.padStart(length, "0");
}

function checksumOf(prefixAndBody: string): string {
  const sum = crc32(Buffer.from(prefixAndBody, "utf8"));
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(sum >>> 0);
  return base62(bytes, CHECKSUM_LENGTH);
}

export function generateToken(type: TokenType): string {
  const head = TOKEN_TYPES[type] + base62(randomBytes(RANDOM_BYTES), BODY_LENGTH);
  return head + checksumOf(head);
}

const SHAPE = new RegExp(`^([a-z]+_)([0-9A-Za-z]{${BODY_LENGTH}})([0-9A-Za-z]{${CHECKSUM_LENGTH}})$`);

// Format and checksum only: true means "worth a lookup", not "valid".
export function isWellFormedToken(type: TokenType, candidate: string): boolean {
  const match = SHAPE.exec(candidate);
  if (!match || match[1] !== TOKEN_TYPES[type]) return false;
  return checksumOf(match[1] + match[2]) === match[3];
}

// The type of a well-formed token of any known kind, else null.
export function tokenTypeOf(candidate: string): TokenType | null {
  return (Object.keys(TOKEN_TYPES) as TokenType[]).find((type) => isWellFormedToken(type, candidate)) ?? null;
}

export function tokenVerifier(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function verifierMatches(token: string, verifier: string): boolean {
  const a = Buffer.from(tokenVerifier(token), "hex");
  const b = Buffer.from(verifier, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}

// What may be displayed of a token: its prefix and last four characters.
export function tokenHint(token: string): { prefix: string; last4: string } {
  const prefix = token.slice(0, token.indexOf("_") + 1);
  return { prefix, last4: token.slice(-4) };
}
