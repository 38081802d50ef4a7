import { describe, expect, it } from "vitest";
import { addDaysUtc, addMonthsUtc, daysBetween, laterDay } from "@/lib/recertification/dates";
import { recertificationsToCsv } from "@/lib/recertification/report-csv";
import { newRecertificationToken, tokenVerifier } from "@/lib/recertification/token";
import { recertificationTokenSchema } from "@/lib/validations/recertification";

describe("re-certification dates", () => {
  it("adds months without overflowing short months, and days across years", () => {
    expect(addMonthsUtc("2026-01-31", 1)).toBe("2026-02-28");
    expect(addMonthsUtc("2028-02-29", 12)).toBe("2029-02-28");
    expect(addMonthsUtc("2026-06-15", 12)).toBe("2027-06-15");
    expect(addDaysUtc("2026-12-30", 3)).toBe("2027-01-02");
    expect(daysBetween("2026-12-30", "2027-01-02")).toBe(3);
    expect(daysBetween("2027-01-02", "2026-12-30")).toBe(-3);
    expect(laterDay("2026-01-02", "2025-12-31")).toBe("2026-01-02");
  });
});

describe("link tokens", () => {
  it("are 43 base64url characters whose verifier is their SHA-256", () => {
    const { token, verifier } = newRecertificationToken();
    expect(recertificationTokenSchema.safeParse(token).success).toBe(true);
    expect(verifier).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenVerifier(token)).toBe(verifier);
    expect(newRecertificationToken().token).not.toBe(token);
  });
});

describe("report CSV", () => {
  it("quotes fields and defuses spreadsheet formulas", () => {
    const csv = recertificationsToCsv([
      {
        id: "x",
        senderId: "s",
        senderName: '=HYPERLINK("http://evil")',
        outcome: "confirmed",
        confirmedBy: "+owner@example.com",
        confirmedAt: "2026-12-03T10:00:00.000Z",
        ip: null,
        reviewDateBefore: "2026-12-01",
        reviewDateAfter: "2027-12-01",
        campaignId: "c",
        campaignStartedBy: "sec, team",
        scope: {
          fromDomains: ["a.example", "b.example"],
          allowedFromAddresses: [],
          allowedCidrs: ["10.0.0.0/8"],
          rateLimitPerMinute: 60,
          rateLimitPerDay: 1000,
          revision: 3,
        },
      },
    ]);
    const [, line] = csv.split("\r\n");
    expect(line).toBe(
      `2026-12-03T10:00:00.000Z,"'=HYPERLINK(""http://evil"")",confirmed,'+owner@example.com,,a.example b.example,,10.0.0.0/8,60,1000,3,2026-12-01,2027-12-01,"sec, team"`,
    );
  });
});
