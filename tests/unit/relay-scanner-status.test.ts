import { describe, expect, it } from "vitest";
import type { RelayScannerState } from "@/db/schema";
import { describeScanner, formatSignatureAge, parseSignatureDate } from "@/lib/relays/scanner-status";

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

describe("parseSignatureDate", () => {
  it("reads clamd's ctime date, with the double space before a one-digit day, as UTC", () => {
    expect(parseSignatureDate("Wed Dec  2 09:21:00 2026")?.toISOString()).toBe("2026-12-02T09:21:00.000Z");
    expect(parseSignatureDate("Tue Oct 21 07:35:01 2025")?.toISOString()).toBe("2025-10-21T07:35:01.000Z");
    // Without the weekday, in other case, padded.
    expect(parseSignatureDate("  dec 2 09:21:00 2026 ")?.toISOString()).toBe("2026-12-02T09:21:00.000Z");
  });

  it("reads the whole VERSION reply and ISO 8601", () => {
    expect(parseSignatureDate("ClamAV 1.4.6/27423/Tue Oct 21 07:35:01 2025")?.toISOString()).toBe(
      "2025-10-21T07:35:01.000Z",
    );
    expect(parseSignatureDate("2025-10-21T07:35:01.000Z")?.toISOString()).toBe("2025-10-21T07:35:01.000Z");
    expect(parseSignatureDate("2025-10-21T09:35:01+02:00")?.toISOString()).toBe("2025-10-21T07:35:01.000Z");
    expect(parseSignatureDate("2025-10-21")?.toISOString()).toBe("2025-10-21T00:00:00.000Z");
  });

  it("reads a database header's day-first build time with its zone, and toUTCString()", () => {
    expect(parseSignatureDate("21 Oct 2025 07:35 -0400")?.toISOString()).toBe("2025-10-21T11:35:00.000Z");
    expect(parseSignatureDate("21 Oct 2025 07:35 +0130")?.toISOString()).toBe("2025-10-21T06:05:00.000Z");
    const utc = new Date("2026-12-01T08:37:18.000Z");
    expect(parseSignatureDate(utc.toUTCString())?.toISOString()).toBe(utc.toISOString());
  });

  it("answers null for nothing, or for what is not a date", () => {
    for (const raw of [null, undefined, "", "   ", "ClamAV 1.4.6", "yesterday", "Foo Bar 2 09:21:00 2026"])
      expect(parseSignatureDate(raw)).toBeNull();
    // Not real dates: no rollover into the next month, no hour 25.
    expect(parseSignatureDate("Sat Feb 31 09:21:00 2026")).toBeNull();
    expect(parseSignatureDate("Wed Dec  2 25:21:00 2026")).toBeNull();
    expect(parseSignatureDate("2026-13-45")).toBeNull();
  });
});

describe("formatSignatureAge", () => {
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);
  it("says hours below a day and days above, and treats a date ahead of the clock as new", () => {
    expect(formatSignatureAge(new Date(now - 10 * 60 * 1000), now)).toBe("less than an hour old");
    expect(formatSignatureAge(new Date(now - HOUR), now)).toBe("1 hour old");
    expect(formatSignatureAge(new Date(now - 23 * HOUR), now)).toBe("23 hours old");
    expect(formatSignatureAge(new Date(now - DAY - HOUR), now)).toBe("1 day old");
    expect(formatSignatureAge(new Date(now - 2 * DAY - 3 * HOUR), now)).toBe("2 days old");
    expect(formatSignatureAge(new Date(now + 5 * HOUR), now)).toBe("less than an hour old");
  });
});

describe("describeScanner", () => {
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);
  const scanner = (over: Partial<RelayScannerState>): RelayScannerState => ({
    name: "clamd",
    up: true,
    version: "ClamAV 1.4.6",
    signatureDate: null,
    detail: null,
    ...over,
  });

  it("names the signature age of clamd, warns when it is over a week or unreadable", () => {
    expect(describeScanner(scanner({ signatureDate: "Wed Dec  2 09:21:00 2026" }), now)).toMatchObject({
      tone: "ok",
      text: "clamd up · signatures 2 days old",
      version: "ClamAV 1.4.6",
    });
    expect(describeScanner(scanner({ signatureDate: "Mon Nov 16 09:21:00 2026" }), now)).toMatchObject({
      tone: "warn",
      text: "clamd up · signatures 18 days old",
    });
    expect(describeScanner(scanner({ signatureDate: "garbled" }), now)).toMatchObject({
      tone: "warn",
      text: "clamd up · signature date unknown",
    });
    expect(describeScanner(scanner({}), now).text).toBe("clamd up · local signatures");
  });

  it("shows a scanner down with the relay's detail, and rspamd without signatures", () => {
    expect(describeScanner(scanner({ name: "rspamd", up: false, detail: "connect ECONNREFUSED" }), now)).toEqual({
      name: "rspamd",
      tone: "down",
      text: "rspamd down: connect ECONNREFUSED",
      version: "ClamAV 1.4.6",
    });
    expect(describeScanner(scanner({ up: false }), now).text).toBe("clamd down");
    expect(describeScanner(scanner({ name: "rspamd", version: "3.8.1" }), now)).toMatchObject({
      tone: "ok",
      text: "rspamd up",
    });
  });
});
