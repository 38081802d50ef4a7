import type { RelayScannerState } from "@/db/schema";

// Pure (no database): the Relays page's client table formats scanner states with it, every second.

const HOUR_MS = 60 * 60 * 1000;
const DAY_MS = 24 * HOUR_MS;
// clamd itself warns when its database is older than 7 days; so does the Relays page.
export const OLD_SIGNATURES_MS = 7 * DAY_MS;

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
// ctime(3), as clamd's VERSION prints the signature date: "Wed Dec  2 09:21:00 2026" (weekday optional).
const CTIME = /^(?:[A-Za-z]{3},?\s+)?([A-Za-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s+(\d{4})$/;
// RFC 2822-like, as a database header's build time ("21 Oct 2025 07:35 -0400") or toUTCString() reads.
const DAY_FIRST =
  /^(?:[A-Za-z]{3},?\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s+(GMT|UTC|Z|[+-]\d{4}))?$/i;
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

// The signature date a relay reported, as a Date, or null when there is none or it cannot be read.
// Accepts clamd's ctime form (read as UTC: clamd prints its host's local time without a zone, so the
// age may be off by a few hours, never by days), the whole VERSION reply ("ClamAV 1.4.6/27423/<date>"),
// a database header's day-first build time with its zone, and ISO 8601 (a Date sent as JSON).
export function parseSignatureDate(raw: string | null | undefined): Date | null {
  const text = raw?.trim().split("/").pop()?.trim().replace(/\s+/g, " ");
  if (!text) return null;
  if (ISO.test(text)) {
    const at = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
    return Number.isNaN(at.getTime()) ? null : at;
  }
  const ctime = CTIME.exec(text);
  if (ctime) return utcDate(ctime[6], ctime[1], ctime[2], ctime[3], ctime[4], ctime[5]);
  const dayFirst = DAY_FIRST.exec(text);
  if (!dayFirst) return null;
  const at = utcDate(dayFirst[3], dayFirst[2], dayFirst[1], dayFirst[4], dayFirst[5], dayFirst[6]);
  const zone = dayFirst[7]?.match(/^([+-])(\d{2})(\d{2})$/);
  if (!at || !zone) return at;
  const offsetMs = (Number(zone[2]) * 60 + Number(zone[3])) * 60_000 * (zone[1] === "+" ? 1 : -1);
  return new Date(at.getTime() - offsetMs);
}

// The parts of a written date as a UTC Date, or null when they name no real moment.
function utcDate(...parts: (string | undefined)[]): Date | null {
  const [yearText, monthName, ...rest] = parts;
  const month = MONTHS.indexOf((monthName ?? "").toLowerCase());
  const [day, hour, minute, second] = rest.map((p) => Number(p ?? 0));
  const year = Number(yearText);
  if (month < 0 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const at = new Date(Date.UTC(year, month, day, hour, minute, second));
  // Date.UTC rolls "Feb 31" over into March: such a date was not a real one.
  return at.getUTCDate() === day ? at : null;
}

// "3 hours old", "2 days old"; a date ahead of this clock (skew) counts as new.
export function formatSignatureAge(signedAt: Date, now: number = Date.now()): string {
  const age = Math.max(0, now - signedAt.getTime());
  if (age < HOUR_MS) return "less than an hour old";
  if (age < DAY_MS) {
    const hours = Math.floor(age / HOUR_MS);
    return `${hours} hour${hours === 1 ? "" : "s"} old`;
  }
  const days = Math.floor(age / DAY_MS);
  return `${days} day${days === 1 ? "" : "s"} old`;
}

export type ScannerTone = "ok" | "warn" | "down";

export interface ScannerLine {
  name: RelayScannerState["name"];
  tone: ScannerTone;
  // "clamd up · signatures 2 days old", "rspamd down: connection refused".
  text: string;
  version: string | null;
}

// One line per scanner, as the Relays page shows it. Signatures are clamd's: rspamd has none to date.
export function describeScanner(scanner: RelayScannerState, now: number = Date.now()): ScannerLine {
  const line = (tone: ScannerTone, text: string) => ({ name: scanner.name, tone, text, version: scanner.version });
  const { name } = scanner;
  if (!scanner.up) return line("down", `${name} down${scanner.detail ? `: ${scanner.detail}` : ""}`);
  if (name !== "clamd") return line("ok", `${name} up`);
  if (!scanner.signatureDate) return line("ok", `${name} up · local signatures`);
  const signedAt = parseSignatureDate(scanner.signatureDate);
  if (!signedAt) return line("warn", `${name} up · signature date unknown`);
  const old = now - signedAt.getTime() > OLD_SIGNATURES_MS;
  return line(old ? "warn" : "ok", `${name} up · signatures ${formatSignatureAge(signedAt, now)}`);
}
