import type { Executor } from "@/db/client";
import type { RelayScannerState } from "@/db/schema";
import { raiseAlert } from "@/lib/alerts/raise-alert";
import { resolveAlert } from "@/lib/alerts/resolve-alert";

export const SCANNER_DOWN_KIND = "scanner_down";
export const scannerDownKey = (relayId: string, scanner: string) => `scanner_down:${relayId}:${scanner}`;

// A scanner that a heartbeat reports down (and the previous one did not: up, or not reported yet,
// as when a relay starts without its clamd) raises a critical alert: its relay now defers the
// mail that needs it, or accepts it unscanned if a profile says so. The alert is resolved once
// the scanner is reported up again, or no longer reported at all (the relay stopped using it).
export async function alertScannerChanges(
  relay: { id: string; name: string },
  before: RelayScannerState[],
  after: RelayScannerState[],
  db: Executor,
): Promise<void> {
  const down = (states: RelayScannerState[], name: string) => states.some((s) => s.name === name && !s.up);
  for (const name of new Set([...before, ...after].map((s) => s.name))) {
    const wasDown = down(before, name);
    const isDown = down(after, name);
    if (isDown && !wasDown) {
      const state = after.find((s) => s.name === name) as RelayScannerState;
      await raiseAlert(
        {
          kind: SCANNER_DOWN_KIND,
          severity: "critical",
          subjectType: "relay",
          subjectId: relay.id,
          title: `${name} down on relay ${relay.name}${state.detail ? `: ${state.detail}` : ""}`,
          detail: { relay: relay.name, scanner: name, detail: state.detail, version: state.version },
          dedupeKey: scannerDownKey(relay.id, name),
        },
        db,
      );
    } else if (wasDown && !isDown) {
      await resolveAlert(scannerDownKey(relay.id, name), db);
    }
  }
}
