import { Card } from "@/components/ui/card";

const Block = ({ className }: { className: string }) => (
  <div className={`animate-pulse rounded bg-slate-100 dark:bg-slate-800 ${className}`} />
);

// What the page shows while its data loads (first visit and every filter change).
export function DeliverabilitySkeleton() {
  return (
    <div
      className="space-y-6"
      data-testid="deliverability-loading"
      role="status"
      aria-busy="true"
      aria-label="Loading deliverability data"
    >
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        {["a", "b", "c", "d"].map((k) => (
          <Card key={k} className="p-4">
            <Block className="h-3 w-24" />
            <Block className="mt-3 h-7 w-20" />
          </Card>
        ))}
      </div>
      <Card className="p-4">
        <Block className="h-60 w-full" />
      </Card>
      <div className="grid gap-4 lg:grid-cols-3">
        {["a", "b", "c"].map((k) => (
          <Card key={k} className="p-4">
            <Block className="h-48 w-full" />
          </Card>
        ))}
      </div>
      <Card className="p-4">
        <Block className="h-40 w-full" />
      </Card>
    </div>
  );
}
