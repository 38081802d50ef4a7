// Chart times in the viewer's own time zone (Intl with no timeZone = the browser's), with as much
// detail as the bucket size needs: minutes for short ranges, days for long ones.
const DAY_S = 86_400;

export function axisTimeFormatter(stepSeconds: number, spanMs: number): (iso: string) => string {
  const options: Intl.DateTimeFormatOptions =
    stepSeconds >= DAY_S
      ? { month: "short", day: "numeric" }
      : spanMs > DAY_S * 1000
        ? { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" }
        : { hour: "2-digit", minute: "2-digit" };
  const format = new Intl.DateTimeFormat(undefined, options);
  return (iso) => format.format(new Date(iso));
}

export function fullTimeFormatter(stepSeconds: number): (iso: string) => string {
  const format = new Intl.DateTimeFormat(
    undefined,
    stepSeconds >= DAY_S ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" },
  );
  return (iso) => format.format(new Date(iso));
}

export function viewerTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}
