import { DeliverabilitySkeleton } from "@/components/deliverability/deliverability-skeleton";
import { PageHeader } from "@/components/shell/page-header";

export default function DeliverabilityLoading() {
  return (
    <>
      <PageHeader title="Deliverability" description="Loading…" />
      <DeliverabilitySkeleton />
    </>
  );
}
