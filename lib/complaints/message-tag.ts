import { createHmac, timingSafeEqual } from "node:crypto";
import { deriveKey } from "@/lib/server/config/secret";

// The relay's signed X-Switchyard-Tag (relay/plugin/lib/message-tag.js): "v=1; s=<sender id>;
// q=<queue id>; t=<HMAC-SHA256 over the sender, the queue id and the Message-ID>", keyed with a
// key derived from the deployment secret and handed to relays in the policy snapshot. A sender
// can write any X-Switchyard-* header (the relay drops them), but cannot make this tag.

export const MESSAGE_TAG_PURPOSE = "message-tag";

export function messageTagKey(): Buffer {
  return deriveKey(MESSAGE_TAG_PURPOSE);
}

const TAG =
  /^v=1;\s*s=([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12});\s*q=([\x21-\x3a\x3c-\x7e]{1,200});\s*t=([A-Za-z0-9_-]{43})$/;

export interface VerifiedTag {
  senderId: string;
  queueId: string;
}

// The sender and queue id the relay vouched for, or null when the tag is missing, malformed,
// made with another key or for another Message-ID (messageId as normalizeMessageId gives it).
export function verifyMessageTag(value: string | null, messageId: string | null, key?: Buffer): VerifiedTag | null {
  const match = value ? TAG.exec(value.trim()) : null;
  if (!match || !messageId) return null;
  const [, senderId, queueId, mac] = match;
  // The key is derived only for a report that carries a well-formed tag.
  const expected = createHmac("sha256", key ?? messageTagKey())
    .update(`v1\n${senderId}\n${queueId}\n${messageId}`)
    .digest();
  const given = Buffer.from(mac, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { senderId, queueId };
}
