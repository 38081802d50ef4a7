// The arithmetic of misuse detection: source networks, the rolling volume baseline, the verdict
// and the sentence an alert shows.
import { describe, expect, it } from "vitest";
import {
  DAY_MS,
  describeVolume,
  HOUR_MS,
  median,
  networkOf,
  volumeBaseline,
  volumeVerdict,
} from "@/lib/misuse/baseline";
import { inputsOf } from "@/lib/misuse/misuse-inputs";
import { hourlyTraffic } from "../support/weekly-traffic";

const NOW = new Date("2026-12-03T10:20:00Z");
const H = Date.parse("2026-12-03T10:00:00Z");

describe("networkOf", () => {
  it("groups IPv4 by /24 and IPv6 by /64; a mapped IPv4 counts as IPv4", () => {
    expect(networkOf("203.0.113.77")).toBe("203.0.113.0/24");
    expect(networkOf("::ffff:203.0.113.9")).toBe("203.0.113.0/24");
    expect(networkOf("2001:db8:0:12::1")).toBe("2001:db8:0:12::/64");
    expect(networkOf("2001:DB8::1")).toBe("2001:db8:0:0::/64");
    expect(networkOf("2001:db8:aa:bb:cc:dd:ee:ff")).toBe("2001:db8:aa:bb::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
    expect(networkOf("not an ip")).toBeNull();
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([])).toBe(0);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe("volumeBaseline", () => {
  it("is the mean of the 24 hours before the window, excluding the hours the window touches", () => {
    const hourly = new Map<number, number>();
    for (let i = 2; i <= 25; i++) hourly.set(H - i * HOUR_MS, 48);
    // The two hours the window (09:20–10:20] touches hold the spike: never in the baseline.
    hourly.set(H - HOUR_MS, 5000);
    hourly.set(H, 5000);
    // History reaching back more than a day: learned.
    hourly.set(H - 3 * DAY_MS, 1);
    const b = volumeBaseline(hourly, NOW);
    expect(b.mean24h).toBe(48);
    expect(b.learned).toBe(true);
    expect(b.usualPerHour).toBe(48);
  });

  it("follows a daily rhythm: the median of the same time on the last 7 days wins at a peak hour", () => {
    const hourly = new Map<number, number>();
    for (let d = 1; d <= 7; d++) {
      // 09:00 and 10:00 of every day are busy; each day's value is the larger of the two.
      hourly.set(H - d * DAY_MS - HOUR_MS, 300);
      hourly.set(H - d * DAY_MS, d === 3 ? 9000 : 400);
    }
    const b = volumeBaseline(hourly, NOW);
    // One odd day (9000) does not move the median.
    expect(b.sameHourMedian7d).toBe(400);
    expect(b.usualPerHour).toBe(400);
    expect(b.mean24h).toBeLessThan(400);
  });

  it("is not learned while the history is younger than a day", () => {
    const hourly = new Map<number, number>([[H - 5 * HOUR_MS, 100]]);
    expect(volumeBaseline(hourly, NOW).learned).toBe(false);
  });
});

describe("volumeVerdict", () => {
  const learned = { usualPerHour: 40, mean24h: 40, sameHourMedian7d: 12, learned: true };

  it("is a spike above factor × usual and at the floor, and says so with both figures", () => {
    const v = volumeVerdict({ value: 812, baseline: learned, factor: 5, floor: 50 });
    expect(v.spike).toBe(true);
    expect(describeVolume(v)).toBe("812 messages in the last hour, usual 40/h (×20)");
  });

  it("is no spike at exactly factor × usual, below the floor, or before the baseline is learned", () => {
    expect(volumeVerdict({ value: 200, baseline: learned, factor: 5, floor: 50 }).spike).toBe(false);
    expect(volumeVerdict({ value: 201, baseline: learned, factor: 5, floor: 50 }).spike).toBe(true);
    const quiet = { usualPerHour: 2, mean24h: 2, sameHourMedian7d: 0, learned: true };
    expect(volumeVerdict({ value: 49, baseline: quiet, factor: 5, floor: 50 }).spike).toBe(false);
    expect(volumeVerdict({ value: 500, baseline: { ...learned, learned: false }, factor: 5, floor: 50 }).spike).toBe(
      false,
    );
  });

  it("a usual volume of 0 gives no ratio in the sentence", () => {
    const zero = { usualPerHour: 0, mean24h: 0, sameHourMedian7d: 0, learned: true };
    const v = volumeVerdict({ value: 60, baseline: zero, factor: 5, floor: 50 });
    expect(v.spike).toBe(true);
    expect(describeVolume(v)).toBe("60 messages in the last hour, usual 0/h");
  });
});

describe("a simulated week of normal traffic", () => {
  // Two weeks of hourly traffic: the first week is history, the second is judged hour by hour
  // (at 20 minutes past each hour, the window spanning two clock hours), for senders from 3 to
  // 2,000 messages per peak hour.
  it("raises no volume alert (false-positive rate 0 over 168 hours × 6 senders)", () => {
    const start = Date.parse("2026-11-16T00:00:00Z");
    let judged = 0;
    let spikes = 0;
    let busiest = 0;
    for (const [i, peak] of [3, 15, 60, 250, 800, 2000].entries()) {
      const traffic = hourlyTraffic({ startMs: start, hours: 14 * 24, peakPerHour: peak, seed: 1000 + i });
      const hourly = new Map(traffic.map((t) => [t.start, t.count]));
      for (let hour = 7 * 24; hour < 14 * 24; hour++) {
        const now = new Date(start + hour * HOUR_MS + 20 * 60_000);
        // The window's count: 40 minutes of the hour before and 20 of this one.
        const value = Math.round(
          (hourly.get(start + (hour - 1) * HOUR_MS) ?? 0) * (40 / 60) + (hourly.get(start + hour * HOUR_MS) ?? 0) / 3,
        );
        const v = volumeVerdict({ value, baseline: volumeBaseline(hourly, now), factor: 5, floor: 50 });
        judged++;
        if (v.spike) spikes++;
        // The highest ratio among hours the floor lets through (quiet hours' ratios mean nothing).
        if (value >= 50) busiest = Math.max(busiest, v.ratio);
      }
    }
    expect(judged).toBe(168 * 6);
    expect(spikes).toBe(0);
    // Far from the factor: normal traffic above the floor never came near 5× its usual volume.
    console.log(`[misuse] simulated week: ${spikes}/${judged} hours flagged, busiest hour ×${busiest.toFixed(2)}`);
    expect(busiest).toBeLessThan(2.5);
  });
});

describe("inputsOf", () => {
  it("routes each event to its rule: accepted → volume and source networks; AUTH and From refusals of a sender → bursts", () => {
    const s = "11111111-1111-4111-8111-111111111111";
    const c = "22222222-2222-4222-8222-222222222222";
    const inputs = inputsOf([
      { type: "accepted", at: "2026-12-03T10:00:00Z", senderId: s, credentialId: c, clientIp: "10.1.2.3" },
      { type: "accepted", at: "2026-12-03T10:01:00Z", senderId: s, credentialId: c, clientIp: "10.1.2.99" },
      { type: "accepted", at: "2026-12-03T09:59:00Z", senderId: s, credentialId: c, clientIp: "2001:db8::5" },
      { type: "rejected", at: "2026-12-03T10:00:00Z", senderId: s, username: "inv", reason: "auth", count: 7 },
      // A username no credential has (the relay names no sender): nobody's burst.
      { type: "rejected", at: "2026-12-03T10:00:00Z", senderId: null, username: "admin", reason: "auth" },
      { type: "rejected", at: "2026-12-03T10:00:00Z", senderId: s, reason: "domain" },
      { type: "rejected", at: "2026-12-03T10:00:00Z", senderId: s, reason: "rate" },
      { type: "delivered", at: "2026-12-03T10:00:00Z", senderId: s },
    ]);
    expect([...inputs.volumeSenders]).toEqual([s]);
    expect(inputs.networkUses).toEqual([
      {
        credentialId: c,
        network: "10.1.2.0/24",
        count: 2,
        firstAt: new Date("2026-12-03T10:00:00Z"),
        lastAt: new Date("2026-12-03T10:01:00Z"),
      },
      {
        credentialId: c,
        network: "2001:db8:0:0::/64",
        count: 1,
        firstAt: new Date("2026-12-03T09:59:00Z"),
        lastAt: new Date("2026-12-03T09:59:00Z"),
      },
    ]);
    expect([...inputs.authUsernames]).toEqual(["inv"]);
    expect([...inputs.rejectedFromSenders]).toEqual([s]);
  });
});
