import { createHash } from "node:crypto";
import { SUPPRESSION_KEY_HEX_LENGTH } from "@/lib/relay-contract/schemas";

// How a suppressed address is compared. The whole address is lower-cased: RFC 5321 lets a local
// part be case-sensitive, but no mailbox provider we know treats "Ann@" and "ann@" as two people,
// and over-suppressing a case variant is the safe side. One stored form also keeps the partial
// unique index (sender, address) an honest "one active row per recipient". The relay keys an RCPT
// the same way (relay/plugin/lib/suppressions.js; tests/unit/suppression-key.test.ts proves it).
export function normalizeAddress(address: string): string {
  return address.trim().replace(/^<|>$/g, "").toLowerCase();
}

// What relays receive instead of the address: the snapshot is copied to every relay and kept on
// its disk, and a list of everyone who complained is personal data a relay has no need to hold.
// 16 hex digits = 64 bits: with a million suppressed addresses an RCPT wrongly matches one with a
// probability of 1e6 / 2^64 ≈ 5e-14, and an entry stays short. (It is not a secret: an address known to an attacker can be tested against it.)
export function suppressionKey(address: string): string {
  return createHash("sha256").update(normalizeAddress(address)).digest("hex").slice(0, SUPPRESSION_KEY_HEX_LENGTH);
}

export function domainOfAddress(address: string): string {
  const at = address.lastIndexOf("@");
  return at >= 0 ? address.slice(at + 1).toLowerCase() : "";
}
