import { DecisionDialog } from "@/app/(dashboard)/senders/_components/decision-dialog";
import { WithdrawChangeButton } from "@/app/(dashboard)/senders/_components/withdraw-change-button";
import { Alert } from "@/components/ui/alert";
import { Card, CardHeader } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import type { ChangeDiffRow } from "@/lib/senders/change-diff";
import type { ChangeRequestView } from "@/lib/senders/list-change-requests";

function Values({ items, mark }: { items: string[]; mark?: string[] }) {
  return (
    <ul className="font-mono text-xs">
      {items.map((item) => (
        <li
          key={item}
          className={mark?.includes(item) ? "font-semibold text-emerald-700 dark:text-emerald-400" : undefined}
        >
          {mark?.includes(item) ? "+ " : ""}
          {item}
        </li>
      ))}
    </ul>
  );
}

// A pending change request as a readable diff (current → proposed), who asked, and what the
// viewer may do: decide (someone else with approval rights), or wait and withdraw (its author).
export function ChangeRequestPanel({
  request,
  rows,
  senderName,
  viewer,
}: {
  request: ChangeRequestView;
  rows: ChangeDiffRow[];
  senderName: string;
  viewer: { id: string; mayApprove: boolean; mayEdit: boolean };
}) {
  const isAuthor = request.authorIds.includes(viewer.id);
  const target = {
    kind: "change" as const,
    senderId: request.senderId,
    requestId: request.id,
    revision: request.revision,
  };
  const requester = request.requester ? `${request.requester.name} (${request.requester.email})` : "system";
  return (
    <Card className="mb-4 border-amber-300 dark:border-amber-800" data-testid="change-request">
      <CardHeader
        title="Change awaiting approval"
        description={
          <>
            Requested by {requester}, <LocalTime value={request.updatedAt} /> · revision {request.revision}. These
            values widen what the sender may do, so another person must approve them; until then the relays enforce the
            current values.
          </>
        }
        actions={
          <div className="flex flex-wrap items-start gap-2" data-testid="change-actions">
            {viewer.mayApprove && !isAuthor ? (
              <>
                <DecisionDialog target={target} senderName={senderName} decision="approve" />
                <DecisionDialog target={target} senderName={senderName} decision="reject" />
              </>
            ) : null}
            {isAuthor && viewer.mayEdit ? (
              <WithdrawChangeButton senderId={request.senderId} requestId={request.id} />
            ) : null}
          </div>
        }
      />
      <table className="w-full text-sm" data-testid="change-diff">
        <thead>
          <tr className="border-b border-slate-200 text-left text-xs text-slate-500 dark:border-slate-800">
            <th className="px-4 py-2 font-medium">Field</th>
            <th className="px-4 py-2 font-medium">Current</th>
            <th className="px-4 py-2 font-medium">Proposed</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.field}
              className="border-b border-slate-100 align-top last:border-0 dark:border-slate-800"
              data-testid={`change-row-${row.field}`}
            >
              <td className="px-4 py-2 text-slate-600 dark:text-slate-400">{row.label}</td>
              <td className="px-4 py-2">
                <Values items={row.current} />
              </td>
              <td className="px-4 py-2">
                <Values items={row.proposed} mark={row.added} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {isAuthor ? (
        <div className="px-4 pb-3">
          <Alert tone="info" testId="change-awaiting-second-person">
            You requested this change: it awaits a second person (security or an admin other than you). You cannot
            approve it yourself.
          </Alert>
        </div>
      ) : null}
    </Card>
  );
}
