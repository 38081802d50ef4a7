import { PageHeader } from "@/components/shell/page-header";
import { Card } from "@/components/ui/card";

// While profiles (or one profile's rules) load.
export default function ContentLoading() {
  return (
    <>
      <PageHeader title="Content" description="Loading…" />
      <Card className="p-4" role="status" aria-busy="true" aria-label="Loading content profiles">
        <div className="space-y-3" data-testid="content-loading">
          {["a", "b", "c"].map((k) => (
            <div key={k} className="h-6 w-full animate-pulse rounded bg-slate-100 dark:bg-slate-800" />
          ))}
        </div>
      </Card>
    </>
  );
}
