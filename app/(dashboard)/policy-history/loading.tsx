import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";

// While versions and a diff (rebuilt from a checkpoint and its patches) load.
export default function PolicyHistoryLoading() {
  return (
    <>
      <PageHeader title="Policy history" description="Loading…" />
      <Card className="p-4" role="status" aria-busy="true" aria-label="Loading policy history">
        <div className="space-y-3" data-testid="policy-history-loading">
          {["a", "b", "c", "d"].map((k) => (
            <div key={k} className="h-6 w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
          ))}
        </div>
      </Card>
    </>
  );
}
