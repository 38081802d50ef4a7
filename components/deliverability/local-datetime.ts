// <input type="datetime-local"> speaks the viewer's wall-clock time without a zone; the URL and
// the API want ISO 8601 with an offset. These convert between the two in the viewer's time zone.
const pad = (n: number) => String(Math.abs(n)).padStart(2, "0");

// "2025-03-01T09:30" → "2025-03-01T09:30:00+01:00" (the offset in force at that local time).
export function localInputToIso(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(value)) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  const offsetMin = -date.getTimezoneOffset();
  const sign = offsetMin >= 0 ? "+" : "-";
  return `${value.length === 16 ? `${value}:00` : value}${sign}${pad(Math.trunc(offsetMin / 60))}:${pad(offsetMin % 60)}`;
}

// Any ISO instant → the viewer's wall-clock "YYYY-MM-DDTHH:mm" for a datetime-local input.
export function isoToLocalInput(iso: string | undefined): string {
  if (!iso) return "";
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
