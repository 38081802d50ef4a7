// The COPY text encoding (db/copy-text.ts): a value can never end its column or row early, and a
// string is never read back as NULL.
import { describe, expect, it } from "vitest";
import { copyTextRows, copyTextValue } from "@/db/copy-text";

describe("copyTextValue", () => {
  it("escapes the characters that delimit columns and rows, and the escape character", () => {
    expect(copyTextValue("a\tb\nc\rd\\e")).toBe("a\\tb\\nc\\rd\\\\e");
  });

  it("writes NULL as \\N, and the string \\N so that it stays a string", () => {
    expect(copyTextValue(null)).toBe("\\N");
    expect(copyTextValue(undefined)).toBe("\\N");
    expect(copyTextValue("\\N")).toBe("\\\\N");
    expect(copyTextValue("")).toBe("");
  });

  it("passes unicode, numbers and booleans as they are", () => {
    expect(copyTextValue("Grüße 📬 邮件")).toBe("Grüße 📬 邮件");
    expect(copyTextValue(550)).toBe("550");
    expect(copyTextValue(false)).toBe("false");
  });
});

describe("copyTextRows", () => {
  it("one line per row, tab-separated", () => {
    expect(
      copyTextRows([
        ["a", null, 1],
        ["b\tc", "d", true],
      ]),
    ).toBe("a\t\\N\t1\nb\\tc\td\ttrue\n");
  });
});
