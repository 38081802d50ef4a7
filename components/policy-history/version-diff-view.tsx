import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { CardHeader } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { LocalTime } from "@/components/ui/local-time";
import { Table, Td, Th } from "@/components/ui/table";
import type { PolicyVersionDiff } from "@/lib/policy-history/version-diff";
import { cn } from "@/lib/utils/cn";

const MARK = { added: "+", removed: "−", changed: "~" } as const;
const TONE = {
  added: "text-emerald-700 dark:text-emerald-400",
  removed: "text-red-700 dark:text-red-400",
  changed: "text-amber-700 dark:text-amber-400",
} as const;

// What changed between two versions, the audit entries written with those versions, and which
// relays applied them.
export function VersionDiffView({ diff }: { diff: PolicyVersionDiff }) {
  const from = diff.from ? `version ${diff.from.version}` : "the empty policy";
  return (
    <div data-testid="policy-diff">
      <CardHeader
        title={`Version ${diff.to.version} compared with ${from}`}
        description={`${diff.to.reason} — ${diff.to.actorLabel}`}
      />
      <div className="space-y-6 p-4">
        <section>
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Changes</h3>
          {diff.unavailable ? (
            <Alert tone="info" testId="diff-unavailable">
              {diff.unavailable}
            </Alert>
          ) : diff.lines?.length ? (
            <ul className="space-y-1 font-mono text-sm" data-testid="diff-lines">
              {diff.lines.map((line, i) => (
                // Lines are computed, ordered and never reordered: the index is a stable key.
                // biome-ignore lint/suspicious/noArrayIndexKey: see above
                <li key={i} className={cn("break-words", TONE[line.change])} data-testid="diff-line">
                  <span aria-hidden="true" className="mr-2 select-none">
                    {MARK[line.change]}
                  </span>
                  {line.text}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-slate-500" data-testid="diff-none">
              Nothing relays enforce changed (e.g. a quarantine command, or a change undone).
            </p>
          )}
        </section>
        <section>
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">
            Audit entries written with these versions
          </h3>
          {diff.audit.length === 0 ? (
            <EmptyState title="No audit entry in these versions' transactions (a system change, e.g. an expiry)." />
          ) : (
            <Table data-testid="diff-audit">
              <thead>
                <tr>
                  <Th>Version</Th>
                  <Th>#</Th>
                  <Th>Time</Th>
                  <Th>Actor</Th>
                  <Th>Action</Th>
                  <Th>Target / reason</Th>
                </tr>
              </thead>
              <tbody>
                {diff.audit.map((a) => (
                  <tr key={a.seq}>
                    <Td className="tabular-nums">{a.version}</Td>
                    <Td className="tabular-nums text-slate-500">{a.seq}</Td>
                    <Td className="whitespace-nowrap">
                      <LocalTime value={a.at} />
                    </Td>
                    <Td className="text-xs">{a.actorLabel}</Td>
                    <Td>
                      <Badge>{a.action}</Badge>
                    </Td>
                    <Td className="text-xs">
                      <div className="font-mono break-all text-slate-500">
                        {a.targetType} {a.targetId}
                      </div>
                      {a.reason ? <div>{a.reason}</div> : null}
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {diff.auditMore ? (
            <p className="mt-2 text-xs text-slate-500">More entries: compare closer versions.</p>
          ) : null}
        </section>
        <section>
          <h3 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Applied by relays</h3>
          {diff.relays.length === 0 ? (
            <EmptyState title="No relay has reported running these versions (a relay may skip a version made in a burst)." />
          ) : (
            <Table data-testid="diff-relays">
              <thead>
                <tr>
                  <Th>Version</Th>
                  <Th>Relay</Th>
                  <Th>Applied</Th>
                </tr>
              </thead>
              <tbody>
                {diff.relays.map((r) => (
                  <tr key={`${r.version}-${r.relayId}`}>
                    <Td className="tabular-nums">{r.version}</Td>
                    <Td>{r.relayName}</Td>
                    <Td className="whitespace-nowrap">
                      <LocalTime value={r.appliedAt} />
                    </Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          )}
          {diff.relaysMore ? (
            <p className="mt-2 text-xs text-slate-500">More applications: compare closer versions.</p>
          ) : null}
        </section>
      </div>
    </div>
  );
}
