import { createHash } from "node:crypto";
import { canonicalJson } from "./canonical-json";

export const GENESIS_HASH = "0".repeat(64);

export interface HashedFields {
  seq: number;
  at: Date;
  actorId: string | null;
  actorLabel: string;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  reason: string | null;
  ip: string | null;
  before: unknown;
  after: unknown;
  prevHash: string;
}

// sha256 over the previous hash and every recorded field, so editing any field or removing an
// entry breaks the chain from that point on.
export function hashEntry(fields: HashedFields): string {
  const body = canonicalJson({
    ...fields,
    at: fields.at.toISOString(),
    before: fields.before ?? null,
    after: fields.after ?? null,
  });
  return createHash("sha256").update(fields.prevHash).update("\n").update(body).digest("hex");
}
