"use client";

import { useQuery } from "@tanstack/react-query";
import { CheckCircle2, Clock } from "lucide-react";
import { RevokeAndRotateDialog } from "@/app/(dashboard)/relays/_components/revoke-and-rotate-dialog";
import { RevokeRelayDialog } from "@/app/(dashboard)/relays/_components/revoke-relay-dialog";
import { queryKeys } from "@/components/query-keys";
import { type HeldKeyRow, HeldKeysCell } from "@/components/relays/held-keys-cell";
import { RateLimitsCell } from "@/components/relays/rate-limits-cell";
import { ScannersCell } from "@/components/relays/scanners-cell";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { RelayRateLimitState, RelayScannerState } from "@/db/schema";

const REFRESH_MS = 1_000;
const HEALTH_TONES: Record<string, BadgeTone> = {
  healthy: "green",
  stale: "amber",
  offline: "red",
  revoked: "neutral",
};

export interface RelayRow {
  id: string;
  name: string;
  health: string;
  softwareVersion: string | null;
  policyVersion: number | null;
  policyAppliedAt: string | null;
  lag: number | null;
  queueDepth: number | null;
  spoolDepth: number | null;
  lastHeartbeatAt: string | null;
  listen: string | null;
  warnings?: string[];
  scanners?: RelayScannerState[];
  rateLimits?: RelayRateLimitState | null;
  tokenPrefix: string;
  tokenLast4: string;
  dkimKeysHeld: HeldKeyRow[];
}

export interface RelaysData {
  currentVersion: number;
  relays: RelayRow[];
}

async function fetchRelays(): Promise<RelaysData> {
  const response = await fetch("/api/v1/relays", { cache: "no-store" });
  if (!response.ok) throw new Error(`The relay list could not be loaded (${response.status}).`);
  return response.json();
}

// Live: which policy version every relay has applied, refreshed every second while visible.
export function RelaysLiveTable({ initial, mayManage }: { initial: RelaysData; mayManage: boolean }) {
  const { data, error, refetch } = useQuery({
    queryKey: queryKeys.relays(),
    queryFn: fetchRelays,
    initialData: initial,
    refetchInterval: REFRESH_MS,
  });
  // Live relays (healthy or stale) must all hold the current version; offline ones are counted apart.
  const active = data.relays.filter((r) => r.health === "healthy" || r.health === "stale");
  const offline = data.relays.filter((r) => r.health === "offline").length;
  const converged = active.length > 0 && active.every((r) => r.lag === 0);
  return (
    <div>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-4 py-3 text-sm dark:border-slate-800">
        <span>
          Current policy version <strong data-testid="current-policy-version">{data.currentVersion}</strong>
        </span>
        {active.length ? (
          converged ? (
            <Badge tone="green">
              <span data-testid="fleet-converged">All {active.length} relay(s) enforce it</span>
            </Badge>
          ) : (
            <Badge tone="amber">{active.filter((r) => r.lag !== 0).length} relay(s) behind</Badge>
          )
        ) : (
          <Badge tone="red">No relay is up</Badge>
        )}
        {offline ? <Badge tone="neutral">{offline} offline</Badge> : null}
      </div>
      {error ? (
        <div className="p-4">
          <Alert>{(error as Error).message} Retrying…</Alert>
        </div>
      ) : null}
      {data.relays.length === 0 ? (
        <EmptyState title="No relays registered">Register one, then start it with the token it gets.</EmptyState>
      ) : (
        <Table data-testid="relays-table">
          <thead>
            <tr>
              <Th>Relay</Th>
              <Th>Status</Th>
              <Th>Scanners</Th>
              <Th>Rate limits</Th>
              <Th>Policy applied</Th>
              <Th>Software</Th>
              <Th>Queue / spool</Th>
              <Th>Last heartbeat</Th>
              <Th>DKIM keys held</Th>
              {mayManage ? <Th /> : null}
            </tr>
          </thead>
          <tbody>
            {data.relays.map((relay) => (
              <tr key={relay.id} data-testid={`relay-row-${relay.name}`}>
                <Td>
                  <div className="font-medium">{relay.name}</div>
                  <div className="font-mono text-xs text-slate-500">
                    {relay.listen ?? `${relay.tokenPrefix}…${relay.tokenLast4}`}
                  </div>
                </Td>
                <Td>
                  <Badge tone={HEALTH_TONES[relay.health] ?? "neutral"}>{relay.health}</Badge>
                  {relay.warnings?.length ? (
                    <ul className="mt-1 max-w-xs text-xs text-amber-700" data-testid={`relay-warnings-${relay.name}`}>
                      {relay.warnings.map((w) => (
                        <li key={w}>⚠ {w}</li>
                      ))}
                    </ul>
                  ) : null}
                </Td>
                <Td>
                  <ScannersCell
                    relayName={relay.name}
                    scanners={relay.scanners ?? []}
                    stale={relay.health !== "healthy"}
                  />
                </Td>
                <Td>
                  <RateLimitsCell
                    relayName={relay.name}
                    rateLimits={relay.rateLimits ?? null}
                    stale={relay.health !== "healthy"}
                  />
                </Td>
                <Td>
                  <div
                    className="flex items-center gap-1.5"
                    data-testid={`relay-version-${relay.name}`}
                    data-version={relay.policyVersion ?? ""}
                  >
                    {relay.lag === 0 ? (
                      <CheckCircle2 className="size-4 text-emerald-600" aria-hidden />
                    ) : (
                      <Clock className="size-4 text-amber-600" aria-hidden />
                    )}
                    <span className="tabular-nums">v{relay.policyVersion ?? "—"}</span>
                    {relay.lag ? <span className="text-xs text-amber-700">({relay.lag} behind)</span> : null}
                  </div>
                  {relay.policyAppliedAt ? (
                    <div className="text-xs text-slate-500">
                      <LocalTime value={relay.policyAppliedAt} />
                    </div>
                  ) : null}
                </Td>
                <Td className="text-xs">{relay.softwareVersion ?? "—"}</Td>
                <Td className="tabular-nums text-xs">
                  {relay.queueDepth ?? "—"} / {relay.spoolDepth ?? "—"}
                </Td>
                <Td className="text-xs">
                  {relay.lastHeartbeatAt ? <LocalTime value={relay.lastHeartbeatAt} /> : "never"}
                </Td>
                <Td>
                  <HeldKeysCell relayName={relay.name} keys={relay.dkimKeysHeld} />
                </Td>
                {mayManage ? (
                  <Td className="space-x-2 whitespace-nowrap text-right">
                    {relay.health !== "revoked" ? (
                      <RevokeRelayDialog relayId={relay.id} name={relay.name} onDone={() => refetch()} />
                    ) : null}
                    <RelayKeysAction relay={relay} onDone={() => refetch()} />
                  </Td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </div>
  );
}

// Offered while the relay is live, or revoked but still holding keys that sign.
function RelayKeysAction({ relay, onDone }: { relay: RelayRow; onDone: () => void }) {
  const revoked = relay.health === "revoked";
  const activeKeys = relay.dkimKeysHeld.filter((k) => k.status === "active").length;
  if (revoked && activeKeys === 0) return null;
  return (
    <RevokeAndRotateDialog
      relayId={relay.id}
      name={relay.name}
      revoked={revoked}
      activeKeys={activeKeys}
      onDone={onDone}
    />
  );
}
