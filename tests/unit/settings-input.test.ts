// The settings page's action parses its key at the edge (updateSettingSchema); the value stays form
// text, coerced and checked by setSetting with that setting's own schema.
import { describe, expect, it } from "vitest";
import { parseInput } from "@/lib/errors";
import { updateSettingSchema } from "@/lib/validations/settings";

describe("updateSettingSchema", () => {
  it("takes a known key and leaves the value as sent", () => {
    expect(parseInput(updateSettingSchema, { key: "relay.submissionPort", value: " 2525 " })).toEqual({
      key: "relay.submissionPort",
      value: " 2525 ",
    });
  });

  it.each([[{ key: "relay.nope", value: "1" }], [{ value: "1" }], [{ key: 7 }]])(
    "refuses an unknown or missing key, naming it: %j",
    (raw) => {
      expect(() => parseInput(updateSettingSchema, raw)).toThrow(
        expect.objectContaining({ code: "validation_failed", fieldErrors: { key: ["Unknown setting"] } }),
      );
    },
  );
});
