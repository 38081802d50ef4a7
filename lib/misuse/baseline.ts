import net from "node:net";

// The pure arithmetic of misuse detection (no database): source networks and the volume baseline.

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
// The spike window: the last 60 minutes, sliding (minute rollups), so a burst across a clock hour
// is not split in two.
export const VOLUME_WINDOW_MS = HOUR_MS;
// How far back the "same hour of day" median looks.
export const BASELINE_DAYS = 7;
// Burst rules: this many AUTH failures for one username, or rejected From addresses of one
// sender, within BURST_WINDOW_MS.
export const BURST_WINDOW_MS = 5 * MINUTE_MS;
export const BURST_THRESHOLD = 20;
// A credential's networks are learned before a new one counts: the credential must be older than
// this and have been used at least NETWORK_LEARNING_USES times.
export const NETWORK_LEARNING_MS = DAY_MS;
export const NETWORK_LEARNING_USES = 20;

// The network an address belongs to for "a new source": /24 for IPv4, /64 for IPv6 (an
// IPv4-mapped IPv6 address counts as its IPv4). null for anything that is not an IP address.
export function networkOf(ip: string): string | null {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped ? mapped[1] : ip;
  const kind = net.isIP(address);
  if (kind === 4) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (kind !== 6) return null;
  const groups = expandIpv6(address);
  return `${groups.slice(0, 4).join(":")}::/64`;
}

function expandIpv6(address: string): string[] {
  // An embedded IPv4 tail (::1.2.3.4) becomes two groups.
  const withoutV4 = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_m, a, b, c, d) => {
    const hex = (x: string, y: string) => ((Number(x) << 8) | Number(y)).toString(16);
    return `${hex(a, b)}:${hex(c, d)}`;
  });
  const [head, tail] = withoutV4.split("::");
  const left = head ? head.split(":") : [];
  const right = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const missing = 8 - left.length - right.length;
  const groups = tail === undefined ? left : [...left, ...Array(missing).fill("0"), ...right];
  return groups.map((g) => (Number.parseInt(g, 16) || 0).toString(16));
}

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface VolumeBaseline {
  // Messages per hour the sender usually sends at this time: the higher of the two below.
  usualPerHour: number;
  // Mean of the 24 whole hours before the window.
  mean24h: number;
  // Median, over the last 7 days, of the same time of day.
  sameHourMedian7d: number;
  // Whether the history reaches back more than a day (before that, nothing is judged).
  learned: boolean;
}

// The sender's usual hourly volume at `now`, from its hourly accepted counts (bucket start in
// epoch ms → count). The window (now − 60 min, now] touches the clock hours H−1 and H (H = the
// hour containing now); neither is part of the baseline, so a spike never raises its own bar.
// - mean24h: the mean of hours H−25 … H−2 (24 hours, empty hours count as 0): follows growth;
// - sameHourMedian7d: for each of the last 7 days, the larger of the two clock hours the window
//   touched that day, and the median of those 7: follows a daily rhythm (the morning rise is
//   "usual" at 8:00 because it happened at 8:00 on most days) and ignores one odd day.
// usual = the larger of both, so neither a peak hour nor a grown sender looks like a spike.
export function volumeBaseline(hourly: Map<number, number>, now: Date): VolumeBaseline {
  const h = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const at = (start: number) => hourly.get(start) ?? 0;
  let sum24 = 0;
  for (let i = 2; i <= 25; i++) sum24 += at(h - i * HOUR_MS);
  const sameHour: number[] = [];
  for (let d = 1; d <= BASELINE_DAYS; d++) {
    const start = h - d * DAY_MS;
    sameHour.push(Math.max(at(start - HOUR_MS), at(start)));
  }
  const mean24h = sum24 / 24;
  const sameHourMedian7d = median(sameHour);
  const learned = [...hourly.entries()].some(([start, count]) => count > 0 && start <= h - 25 * HOUR_MS);
  return { usualPerHour: Math.max(mean24h, sameHourMedian7d), mean24h, sameHourMedian7d, learned };
}

export interface VolumeVerdict {
  spike: boolean;
  // The window's count, the baseline and their ratio (Infinity when the usual volume is 0).
  value: number;
  baseline: VolumeBaseline;
  ratio: number;
}

// A spike: the last hour's count is above factor × usual and at least the floor, once learned.
export function volumeVerdict({
  value,
  baseline,
  factor,
  floor,
}: {
  value: number;
  baseline: VolumeBaseline;
  factor: number;
  floor: number;
}): VolumeVerdict {
  const ratio = baseline.usualPerHour > 0 ? value / baseline.usualPerHour : value > 0 ? Number.POSITIVE_INFINITY : 0;
  const spike = baseline.learned && value >= floor && value > factor * baseline.usualPerHour;
  return { spike, value, baseline, ratio };
}

// "812 messages in the last hour, usual 40/h (×20)".
export function describeVolume(v: VolumeVerdict): string {
  const usual = formatRate(v.baseline.usualPerHour);
  const ratio = Number.isFinite(v.ratio) ? ` (×${v.ratio >= 10 ? Math.round(v.ratio) : v.ratio.toFixed(1)})` : "";
  return `${v.value.toLocaleString("en-US")} messages in the last hour, usual ${usual}/h${ratio}`;
}

export function formatRate(n: number): string {
  if (n === 0) return "0";
  if (n >= 10) return Math.round(n).toLocaleString("en-US");
  return n.toFixed(1).replace(/\.0$/, "");
}
