import type { RelayScannerState } from "@/db/schema";
import { describeScanner, type ScannerTone } from "@/lib/relays/scanner-status";
import { cn } from "@/lib/utils/cn";

const TONE_CLASSES: Record<ScannerTone, string> = {
  ok: "",
  warn: "text-amber-700 dark:text-amber-400",
  down: "font-medium text-red-700 dark:text-red-400",
};

// The relay's content scanners as its last heartbeat reported them. When that heartbeat is stale,
// so are they: shown greyed and marked, never as a current "up".
export function ScannersCell({
  relayName,
  scanners,
  stale,
}: {
  relayName: string;
  scanners: RelayScannerState[];
  stale: boolean;
}) {
  if (!scanners.length)
    return (
      <span className="text-xs text-slate-500" data-testid={`relay-scanners-${relayName}`}>
        not reported
      </span>
    );
  return (
    <ul
      className={cn("space-y-0.5 text-xs", stale && "text-slate-400 dark:text-slate-500")}
      data-testid={`relay-scanners-${relayName}`}
      data-stale={stale ? "true" : undefined}
    >
      {scanners.map((scanner) => {
        const line = describeScanner(scanner);
        return (
          <li
            key={scanner.name}
            className={stale ? undefined : TONE_CLASSES[line.tone]}
            title={line.version ?? undefined}
            data-scanner={scanner.name}
            data-up={scanner.up ? "true" : "false"}
            // The age is computed against this clock, so the server's render may be an hour off.
            suppressHydrationWarning
          >
            {line.text}
          </li>
        );
      })}
      {stale ? <li className="italic">stale: from the last heartbeat</li> : null}
    </ul>
  );
}
