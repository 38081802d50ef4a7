// The control plane keys suppressed addresses (lib/suppressions/address-key.ts) and the relay keys
// each RCPT (relay/plugin/lib/suppressions.js) in two languages: these tests fail when one changes
// alone. Also: which entry wins, expiry on the relay's clock, and the size of an entry.
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { SUPPRESSION_KEY_HEX_LENGTH } from "@/lib/relay-contract/schemas";
import { normalizeAddress, suppressionKey } from "@/lib/suppressions/address-key";

const require = createRequire(import.meta.url);
const { buildSuppressions, checkSuppressed } =
  require("../../relay/plugin/lib/suppressions.js") as typeof import("../../relay/plugin/lib/suppressions.js");

const SENDER = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
const OTHER = "16fd2706-8baf-433b-82eb-8c7fada847da";
const now = Date.parse("2026-12-03T12:00:00Z");
const s = (iso: string) => Math.floor(Date.parse(iso) / 1000);

describe("suppression keys", () => {
  it("are the same on both sides, whatever the case, brackets or spaces of the address", () => {
    const index = buildSuppressions(
      {
        global: [],
        senders: { [SENDER]: [[suppressionKey(" <Ann.Lee@Example.COM> "), s("2026-11-01"), "hard_bounce", null]] },
      },
      [],
    );
    for (const rcpt of ["ann.lee@example.com", "ANN.LEE@EXAMPLE.COM", "Ann.Lee@example.com"]) {
      expect(checkSuppressed(index, SENDER, rcpt, now)?.code, rcpt).toBe(550);
    }
    expect(checkSuppressed(index, SENDER, "ann.lee@example.org", now)).toBeNull();
    expect(normalizeAddress(" <Ann.Lee@Example.COM> ")).toBe("ann.lee@example.com");
    expect(suppressionKey("x@y.z")).toMatch(new RegExp(`^[0-9a-f]{${SUPPRESSION_KEY_HEX_LENGTH}}$`));
  });

  it("prefer the sender's own entry, fall back to the global one, and lapse on the relay's clock", () => {
    const warnings: string[] = [];
    const index = buildSuppressions(
      {
        global: [[suppressionKey("both@example.com"), s("2026-10-01"), "complaint", null]],
        senders: {
          [SENDER]: [
            [suppressionKey("both@example.com"), s("2026-11-15"), "manual", s("2027-01-01")],
            [suppressionKey("old@example.com"), s("2026-10-01"), "hard_bounce", s("2026-12-01")],
            ["not-a-key", 1, "manual", null] as never,
          ],
        },
      },
      warnings,
    );
    expect(warnings).toEqual([`suppressions of sender ${SENDER}: 1 malformed entries skipped`]);
    expect(checkSuppressed(index, SENDER, "both@example.com", now)).toEqual({
      reason: "suppressed",
      code: 550,
      enhanced: "5.1.1",
      text: "<both@example.com>: suppressed for this sender since 2026-11-15 (added by hand); remove it in Switchyard to retry",
    });
    expect(checkSuppressed(index, OTHER, "both@example.com", now)?.text).toBe(
      "<both@example.com>: suppressed for every sender since 2026-10-01 (complaint); remove it in Switchyard to retry",
    );
    expect(checkSuppressed(index, SENDER, "old@example.com", now)).toBeNull();
    expect(checkSuppressed(buildSuppressions(undefined, []), SENDER, "both@example.com", now)).toBeNull();
  });

  it("keep an entry under 60 bytes of JSON (100,000 suppressions ≈ 6 MB of snapshot)", () => {
    const entries = Array.from({ length: 1000 }, (_, i) => [
      suppressionKey(`user${i}@example.com`),
      s("2026-11-01"),
      "hard_bounce",
      s("2026-12-01"),
    ]);
    const bytesPerEntry = JSON.stringify(entries).length / entries.length;
    expect(bytesPerEntry).toBeLessThan(60);
  });
});
