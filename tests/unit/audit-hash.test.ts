import { describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/audit/canonical-json";
import { GENESIS_HASH, hashEntry } from "@/lib/audit/hash-entry";

const entry = {
  seq: 1,
  at: new Date("2026-11-27T10:00:00.123Z"),
  actorId: null,
  actorLabel: "system",
  actorRole: null,
  action: "user.create",
  targetType: "user",
  targetId: "u1",
  reason: null,
  ip: null,
  before: null,
  after: { b: 1, a: { d: [2, { z: 1, y: 2 }], c: "x" } },
  prevHash: GENESIS_HASH,
};

describe("audit hashing", () => {
  it("does not depend on key order (jsonb reorders keys)", () => {
    expect(canonicalJson({ b: 1, a: { d: 1, c: 2 } })).toBe('{"a":{"c":2,"d":1},"b":1}');
    const reordered = { ...entry, after: { a: { c: "x", d: [2, { y: 2, z: 1 }] }, b: 1 } };
    expect(hashEntry(reordered)).toBe(hashEntry(entry));
  });

  it("changes when any field or the previous hash changes", () => {
    const base = hashEntry(entry);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    for (const change of [
      { seq: 2 },
      { reason: "x" },
      { actorLabel: "mallory" },
      { prevHash: "f".repeat(64) },
      { at: new Date(entry.at.getTime() + 1) },
      { after: { b: 2 } },
    ]) {
      expect(hashEntry({ ...entry, ...change }), JSON.stringify(change)).not.toBe(base);
    }
  });
});
